using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Portal.Engine.Docker;

/// <summary>
/// Plain HTTP to the engine for the few calls Docker.DotNet cannot make: its <c>/system/df</c> model reads only the
/// newest API's shape (Engine 20.10 answers in another), and it has no build-cache prune. Unversioned paths, like
/// <see cref="DockerConnection"/>, so the daemon answers in its own API version.
/// </summary>
internal sealed class DockerRawHttp : IDisposable
{
    private readonly HttpClient _client;

    public DockerRawHttp(IOptions<DockerOptions> options)
    {
        var settings = options.Value;
        var endpoint = new Uri(settings.Endpoint);
        var handler = new SocketsHttpHandler();
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
            baseAddress = new Uri("http://docker/");
        }
        else
        {
            var scheme = endpoint.Scheme == "https" ? "https" : "http";
            baseAddress = new Uri($"{scheme}://{endpoint.Host}:{endpoint.Port}/");
        }

        _client = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = settings.RequestTimeout };
    }

    /// <summary>GETs a path and parses the JSON answer; throws <see cref="HttpRequestException"/> on an error status.</summary>
    public async Task<JsonDocument> GetJsonAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await _client.GetAsync(new Uri(path, UriKind.Relative), cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using var streamLifetime = stream.ConfigureAwait(false);
        return await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>POSTs an empty body and parses the JSON answer; throws <see cref="HttpRequestException"/> on an error status.</summary>
    public async Task<JsonDocument> PostJsonAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await _client.PostAsync(new Uri(path, UriKind.Relative), content: null, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using var streamLifetime = stream.ConfigureAwait(false);
        return await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _client.Dispose();

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new HttpRequestException($"The engine answered {(int)response.StatusCode}: {body.Trim()}", null, response.StatusCode);
        }
    }
}
