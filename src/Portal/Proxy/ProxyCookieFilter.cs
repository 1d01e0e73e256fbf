using System.Text;
using Microsoft.Extensions.Primitives;

namespace Portal.Proxy;

/// <summary>Takes the portal's cookies out of a <c>Cookie</c> request header and out of <c>Set-Cookie</c> answers.</summary>
internal static class ProxyCookieFilter
{
    /// <summary>The <c>Cookie</c> header without reserved names, or null when nothing is left.</summary>
    public static string? WithoutReserved(StringValues cookieHeaders, PortalCookieNames names)
    {
        StringBuilder? kept = null;
        foreach (var header in cookieHeaders)
        {
            if (string.IsNullOrEmpty(header))
            {
                continue;
            }

            foreach (var range in header.AsSpan().Split(';'))
            {
                var pair = header.AsSpan()[range].Trim();
                if (pair.IsEmpty)
                {
                    continue;
                }

                var equals = pair.IndexOf('=');
                var name = (equals < 0 ? pair : pair[..equals]).Trim();
                if (names.IsReserved(name))
                {
                    continue;
                }

                kept ??= new StringBuilder(header.Length);
                if (kept.Length > 0)
                {
                    kept.Append("; ");
                }

                kept.Append(pair);
            }
        }

        return kept?.ToString();
    }

    /// <summary>The <c>Set-Cookie</c> values whose cookie name is not reserved.</summary>
    public static StringValues SettableByApp(StringValues setCookies, PortalCookieNames names)
    {
        var allowed = new List<string>(setCookies.Count);
        foreach (var value in setCookies)
        {
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            var span = value.AsSpan();
            var end = span.IndexOfAny('=', ';');
            var name = (end < 0 ? span : span[..end]).Trim();
            if (!names.IsReserved(name))
            {
                allowed.Add(value);
            }
        }

        return allowed.Count == setCookies.Count ? setCookies : new StringValues([.. allowed]);
    }
}
