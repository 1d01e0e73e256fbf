using System.Net;

namespace Portal.Proxy;

/// <summary>
/// The one connection pool to container apps, shared by all proxied requests: no system proxy, no cookie jar (the
/// browser's cookies pass through as they are), no decompression (bodies stream through untouched), no redirects
/// followed (the browser follows them).
/// </summary>
public sealed class ProxyHttpClient : IDisposable
{
    public ProxyHttpClient()
    {
        Invoker = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            // No trace headers into untrusted containers.
            ActivityHeadersPropagator = null,
            ConnectTimeout = TimeSpan.FromSeconds(15),
            EnableMultipleHttp2Connections = true,
        });
    }

    public HttpMessageInvoker Invoker { get; }

    public void Dispose() => Invoker.Dispose();
}
