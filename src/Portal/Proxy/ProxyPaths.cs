using System.Globalization;

namespace Portal.Proxy;

/// <summary>The proxy's URL layout: <c>/{container id}/{port}/{path}</c>, and its own entry point.</summary>
public static class ProxyPaths
{
    /// <summary>Where a ticket is exchanged for the proxy's cookie. Container ids are hex, so it never collides.</summary>
    public const string Entry = "/_portal/enter";

    public const int ShortIdLength = 12;

    public const int FullIdLength = 64;

    /// <summary><c>/{short id}/{port}</c>, without a trailing slash: the cookie path that covers the app.</summary>
    public static string For(string containerId, int port) =>
        $"/{(containerId.Length > ShortIdLength ? containerId[..ShortIdLength] : containerId)}/{port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>
    /// Splits <c>/{id}/{port}{rest}</c>. The id is 12 or 64 lowercase hex characters, the port 1 to 65535; rest is
    /// empty or starts with <c>/</c>.
    /// </summary>
    public static bool TryParse(string path, out string containerId, out int port, out string rest)
    {
        containerId = string.Empty;
        port = 0;
        rest = string.Empty;
        if (path.Length < 2 || path[0] != '/')
        {
            return false;
        }

        var idEnd = path.IndexOf('/', 1);
        if (idEnd < 0)
        {
            return false;
        }

        var id = path.AsSpan(1, idEnd - 1);
        if ((id.Length != ShortIdLength && id.Length != FullIdLength) || !IsLowerHex(id))
        {
            return false;
        }

        var portEnd = path.IndexOf('/', idEnd + 1);
        var portText = portEnd < 0 ? path.AsSpan(idEnd + 1) : path.AsSpan(idEnd + 1, portEnd - idEnd - 1);
        if (portText.Length is 0 or > 5 || !int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
        {
            port = 0;
            return false;
        }

        containerId = id.ToString();
        rest = portEnd < 0 ? string.Empty : path[portEnd..];
        return true;
    }

    private static bool IsLowerHex(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f')))
            {
                return false;
            }
        }

        return true;
    }
}
