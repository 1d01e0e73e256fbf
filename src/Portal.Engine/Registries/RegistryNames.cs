using System.Text.RegularExpressions;
using Portal.Engine.Containers;

namespace Portal.Engine.Registries;

/// <summary>Repository and tag spellings the Registry API accepts, and the namespace rule for deleting.</summary>
public static partial class RegistryNames
{
    public static bool IsValidRepository(string? name) => name is { Length: > 0 and <= 255 } && RepositoryPattern().IsMatch(name);

    public static bool IsValidTag(string? tag) => tag is not null && TagPattern().IsMatch(tag);

    /// <summary>The namespace a member owns in a registry: <c>&lt;userName&gt;/</c>, lower-cased as repository names must be.</summary>
    public static string NamespaceOf(string userName) => userName.ToLowerInvariant() + "/";

    /// <summary>Admins may delete anywhere; members only in repositories under their own namespace.</summary>
    public static bool MayDelete(Actor actor, string repository) =>
        actor.IsAdmin || repository.StartsWith(NamespaceOf(actor.UserName), StringComparison.Ordinal);

    [GeneratedRegex("^[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*)*$")]
    private static partial Regex RepositoryPattern();

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")]
    private static partial Regex TagPattern();
}
