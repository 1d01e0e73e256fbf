using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Portal.Engine.Docker;

/// <summary>
/// Plain HTTP to the engine for the few endpoints Docker.DotNet cannot serve: its <c>/system/df</c> model is the
/// API 1.52 one (<c>ImageUsage</c>, ...), so on Engine 20.10 to 28 every member comes back null, and it has no
/// build-cache prune (<c>POST /build/prune</c>). Requests go unversioned, like <see cref="DockerConnection"/>'s, and
/// have no client-side timeout: the caller bounds them, since a disk usage scan on a busy host takes minutes.
/// </summary>
internal sealed class DockerHttpApi : IDisposable
{
    private readonly HttpClient _http;

    public DockerHttpApi(IOptions<DockerOptions> options)
    {
        var endpoint = new Uri(options.Value.Endpoint);
        var handler = new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30) };
        Uri baseAddress;
        if (endpoint.Scheme == "unix")
        {
            var socketPath = endpoint.LocalPath;
            handler.ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
            baseAddress = new Uri("http://docker.sock/");
        }
        else
        {
            baseAddress = new UriBuilder(endpoint) { Scheme = endpoint.Scheme == "https" ? "https" : "http", Path = "/" }.Uri;
        }

        _http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>GETs a JSON document; a status other than 2xx is a <see cref="DockerHttpException"/> with the engine's message.</summary>
    public Task<JsonDocument> GetJsonAsync(string pathAndQuery, CancellationToken cancellationToken) =>
        SendJsonAsync(HttpMethod.Get, pathAndQuery, null, cancellationToken);

    /// <summary>POSTs with no body and reads the JSON answer; errors as for <see cref="GetJsonAsync"/>.</summary>
    public Task<JsonDocument> PostJsonAsync(string pathAndQuery, CancellationToken cancellationToken) =>
        SendJsonAsync(HttpMethod.Post, pathAndQuery, null, cancellationToken);

    /// <summary>POSTs <paramref name="content"/> and reads the JSON answer; errors as for <see cref="GetJsonAsync"/>.</summary>
    public Task<JsonDocument> PostJsonAsync(string pathAndQuery, JsonContent content, CancellationToken cancellationToken) =>
        SendJsonAsync(HttpMethod.Post, pathAndQuery, content, cancellationToken);

    public void Dispose() => _http.Dispose();

    private async Task<JsonDocument> SendJsonAsync(HttpMethod method, string pathAndQuery, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(pathAndQuery, UriKind.Relative)) { Content = content };
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new DockerHttpException(response.StatusCode, EngineErrors.FromBody(body));
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            return await JsonDocument.ParseAsync(stream, default, cancellationToken).ConfigureAwait(false);
        }
    }
}
