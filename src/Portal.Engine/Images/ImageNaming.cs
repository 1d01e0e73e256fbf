using Portal.Engine.Containers;
using Portal.Engine.Launch;

namespace Portal.Engine.Images;

/// <summary>
/// Who may put which name on an image. Images are shared by everyone on the host, so a member who could tag
/// <c>portal/python:latest</c> would change what everyone launches: members name images only in their own
/// namespace on the lab registry (<c>127.0.0.1:5000/&lt;userName&gt;/...</c>); admins anywhere. Pure logic.
/// </summary>
public static class ImageNaming
{
    /// <summary>The lab registry's host when none is configured.</summary>
    public const string DefaultLabHost = "127.0.0.1:5000";

    /// <summary>Where a member's images live: <c>127.0.0.1:5000/alice/</c>.</summary>
    public static string NamespaceOf(string userName, string labHost) => $"{labHost}/{userName}/";

    /// <summary>Null when the actor may give an image this (normalised) name, otherwise why not.</summary>
    public static string? CheckTarget(Actor actor, string normalizedReference, string labHost)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (normalizedReference.Contains('@', StringComparison.Ordinal))
        {
            return "A digest cannot be given to an image; name it repository:tag.";
        }

        if (actor.IsAdmin || IsInNamespace(actor.UserName, normalizedReference, labHost))
        {
            return null;
        }

        return $"Members name images only in their own namespace: {NamespaceOf(actor.UserName, labHost)}<name>:<tag> (for example {NamespaceOf(actor.UserName, labHost)}my-env:v1).";
    }

    /// <summary>True when the reference lies in the user's namespace on the lab registry.</summary>
    public static bool IsInNamespace(string userName, string normalizedReference, string labHost) =>
        normalizedReference.StartsWith(NamespaceOf(userName, labHost), StringComparison.Ordinal)
        && normalizedReference.Length > NamespaceOf(userName, labHost).Length;

    /// <summary>
    /// The registry host of a reference (<c>127.0.0.1:5000</c>), or null for Docker Hub: as Docker reads it, the first
    /// component is a host when it has a dot or a port, or is <c>localhost</c>.
    /// </summary>
    public static string? HostOf(string reference)
    {
        var slash = reference.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return null;
        }

        var first = reference[..slash];
        return first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost" ? first : null;
    }

    /// <summary>Splits a normalised <c>repository:tag</c> (or <c>repository@digest</c>) into the repository and the tag or digest.</summary>
    public static (string Repository, string Tag) Split(string normalizedReference)
    {
        var at = normalizedReference.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            return (normalizedReference[..at], normalizedReference[(at + 1)..]);
        }

        var colon = normalizedReference.LastIndexOf(':');
        var slash = normalizedReference.LastIndexOf('/');
        return colon > slash ? (normalizedReference[..colon], normalizedReference[(colon + 1)..]) : (normalizedReference, "latest");
    }

    /// <summary>True when the launch allow-list names the (normalised) image: members pull only what they may launch.</summary>
    public static bool IsAllowed(string normalizedReference, IEnumerable<string> allowedPatterns) =>
        allowedPatterns.Any(pattern => ImageReference.Matches(normalizedReference, pattern));
}
