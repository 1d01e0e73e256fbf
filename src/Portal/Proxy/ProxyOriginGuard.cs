using Microsoft.Extensions.Options;

namespace Portal.Proxy;

/// <summary>
/// Refuses requests to the portal that a page served by the proxy made. Browsers send the portal's cookies to the
/// proxy's origin's scripts' requests too (same host, or same site), so without this an app's script could call the
/// API or submit a form as the person looking at it. Only plain top-level navigations (a link back to the portal)
/// pass; fetches, forms, WebSockets and everything else from the proxy origin, or from any other site, get 403.
/// </summary>
internal sealed class ProxyOriginGuard(RequestDelegate next, IOptions<ProxyOptions> options)
{
    private readonly string _proxyOrigin = options.Value.PublicOrigin;

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!IsFromProxyOrSite(request) || IsPlainNavigation(request))
        {
            return next(context);
        }

        if (request.Headers["Sec-Fetch-Mode"] == "navigate")
        {
            // A person followed a link: a page they can read, not a problem document.
            return ProxyPages.WriteAsync(
                context,
                StatusCodes.Status403Forbidden,
                "Open this from the portal",
                "This page acts as soon as it opens (a terminal command, an app's entry), so the portal does not open it from a link on another site or app. Go to the portal and open it from the container's page.",
                "/containers");
        }

        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsJsonAsync(
            new
            {
                type = "https://portal.local/problems/cross-origin",
                title = "Requests from other origins are refused.",
                status = StatusCodes.Status403Forbidden,
                detail = "The portal does not answer scripts or forms of other origins, including the apps behind its proxy.",
                code = "cross-origin",
            },
            options: null,
            contentType: "application/problem+json",
            cancellationToken: context.RequestAborted);
    }

    private bool IsFromProxyOrSite(HttpRequest request)
    {
        var headers = request.Headers;
        var origin = headers.Origin.ToString();
        if (origin.Length > 0)
        {
            return string.Equals(origin, _proxyOrigin, StringComparison.OrdinalIgnoreCase) || IsOtherSite(headers);
        }

        // Browsers leave Origin out of some GETs; the Referer still tells where they came from.
        if (Uri.TryCreate(headers.Referer.ToString(), UriKind.Absolute, out var referer)
            && string.Equals(referer.GetLeftPart(UriPartial.Authority), _proxyOrigin, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IsOtherSite(headers);
    }

    /// <summary>Fetch metadata from the browser: the request did not come from the portal's own pages.</summary>
    private static bool IsOtherSite(IHeaderDictionary headers) =>
        headers["Sec-Fetch-Site"].ToString() is "same-site" or "cross-site";

    /// <summary>
    /// A GET or HEAD that loads a page in the top-level window, not under the API or the hubs, and not a page that acts
    /// as it loads (a terminal running <c>?command=</c>, an app's entry ticket): a link elsewhere must not do those.
    /// </summary>
    private static bool IsPlainNavigation(HttpRequest request)
    {
        if (!(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            || request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/hubs") || request.Path.StartsWithSegments("/_blazor")
            || ActsOnLoad(request.Path))
        {
            return false;
        }

        var mode = request.Headers["Sec-Fetch-Mode"].ToString();
        var destination = request.Headers["Sec-Fetch-Dest"].ToString();
        return mode == "navigate" && destination is "document" or "";
    }

    /// <summary><c>/containers/{id}/terminal</c> and <c>/containers/{id}/open/{port}</c>.</summary>
    private static bool ActsOnLoad(PathString path)
    {
        var segments = (path.Value ?? string.Empty).Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.Length >= 3
            && string.Equals(segments[0], "containers", StringComparison.OrdinalIgnoreCase)
            && (string.Equals(segments[2], "terminal", StringComparison.OrdinalIgnoreCase) || string.Equals(segments[2], "open", StringComparison.OrdinalIgnoreCase));
    }
}
