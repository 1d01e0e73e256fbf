using System.Text.RegularExpressions;

namespace Portal.Engine.Registries;

/// <summary>The spellings the portal accepts for registry names and URLs.</summary>
public static partial class RegistryUrl
{
    /// <summary>
    /// <c>http(s)://host[:port]</c> without a trailing slash, or null when the text is not such a URL (paths, queries
    /// and user info are refused: image references name only host and port, and credentials belong in their fields).
    /// </summary>
    public static string? Normalize(string? url)
    {
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri))
        {
            return null;
        }

        var plain = (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && uri.UserInfo.Length == 0 && uri.AbsolutePath == "/" && uri.Query.Length == 0 && uri.Fragment.Length == 0
            && uri.Host.Length > 0;
        return plain ? $"{uri.Scheme}://{uri.Authority}" : null;
    }

    /// <summary>True for a registry name usable in URLs: lower-case letters, digits and dashes, 1 to 40 characters.</summary>
    public static bool IsValidName(string? name) => name is not null && NamePattern().IsMatch(name);

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$")]
    private static partial Regex NamePattern();
}
