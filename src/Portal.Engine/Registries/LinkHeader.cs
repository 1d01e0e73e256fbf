using System.Net.Http.Headers;

namespace Portal.Engine.Registries;

/// <summary>The <c>Link: &lt;/v2/_catalog?last=b&amp;n=2&gt;; rel="next"</c> header registries page with.</summary>
internal static class LinkHeader
{
    /// <summary>The next page's path and query (relative to the registry), or null on the last page.</summary>
    public static string? NextOf(HttpResponseHeaders headers)
    {
        if (!headers.TryGetValues("Link", out var values))
        {
            return null;
        }

        foreach (var link in values.SelectMany(v => v.Split(',')))
        {
            var open = link.IndexOf('<', StringComparison.Ordinal);
            var close = link.IndexOf('>', StringComparison.Ordinal);
            if (open < 0 || close <= open || !link[close..].Contains("rel=\"next\"", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var target = link[(open + 1)..close].Trim();
            // Some registries send an absolute URL; only its path and query are used, against the configured base. A
            // relative one must be a path: glued to the base, "@other.host/x" would send the credentials elsewhere.
            if (Uri.TryCreate(target, UriKind.Absolute, out var absolute) && absolute.Scheme.StartsWith("http", StringComparison.Ordinal))
            {
                return absolute.PathAndQuery;
            }

            return target.StartsWith('/') && !target.StartsWith("//", StringComparison.Ordinal) ? target : null;
        }

        return null;
    }
}
