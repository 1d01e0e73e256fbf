using System.Net.Http.Headers;
using Microsoft.Net.Http.Headers;
using Yarp.ReverseProxy.Forwarder;

namespace Portal.Proxy;

/// <summary>
/// Shapes one request to a container app: the browser's Host is kept (Jupyter compares it with Origin on every
/// WebSocket and POST), the portal's cookies and any Authorization are dropped, the container's own token is sent
/// instead, and the X-Forwarded headers are the proxy's, never the client's. The path is forwarded unchanged, as
/// JupyterHub's proxy does: apps are told their base URL (<c>/{short id}/{port}/</c>).
/// </summary>
internal sealed class ContainerProxyTransformer(PortalCookieNames cookieNames, string pathBase, string? token) : HttpTransformer
{
    private static readonly string[] ClientForwardingHeaders =
        ["Forwarded", "X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto", "X-Forwarded-Prefix", "X-Real-IP"];

    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        var request = httpContext.Request;
        var headers = proxyRequest.Headers;
        headers.Host = request.Host.Value;

        headers.Remove(HeaderNames.Authorization);
        if (token is not null)
        {
            headers.Authorization = new AuthenticationHeaderValue("token", token);
        }

        headers.Remove(HeaderNames.Cookie);
        if (ProxyCookieFilter.WithoutReserved(request.Headers.Cookie, cookieNames) is { } cookies)
        {
            headers.TryAddWithoutValidation(HeaderNames.Cookie, cookies);
        }

        foreach (var name in ClientForwardingHeaders)
        {
            headers.Remove(name);
        }

        if (httpContext.Connection.RemoteIpAddress is { } remote)
        {
            headers.TryAddWithoutValidation("X-Forwarded-For", remote.ToString());
        }

        headers.TryAddWithoutValidation("X-Forwarded-Proto", request.Scheme);
        headers.TryAddWithoutValidation("X-Forwarded-Host", request.Host.Value);
        headers.TryAddWithoutValidation("X-Forwarded-Prefix", pathBase);
    }

    public override async ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        var proceed = await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
        var responseHeaders = httpContext.Response.Headers;
        // No app may widen a service worker's scope over the other apps on this shared origin.
        responseHeaders.Remove("Service-Worker-Allowed");
        if (responseHeaders.SetCookie.Count > 0)
        {
            responseHeaders.SetCookie = ProxyCookieFilter.SettableByApp(responseHeaders.SetCookie, cookieNames);
        }

        return proceed;
    }
}
