using Docker.DotNet;
using Microsoft.Extensions.Options;

namespace Portal.Engine.Docker;

/// <summary>
/// Owns the one Docker client of the process. No API version is pinned: requests go unversioned, so the
/// daemon answers in its own version (1.41 on Engine 20.10, newer on newer engines).
/// </summary>
internal sealed class DockerConnection : IDisposable
{
    private readonly Lazy<DockerClient> _client;

    public DockerConnection(IOptions<DockerOptions> options)
    {
        var settings = options.Value;
        Endpoint = new Uri(settings.Endpoint);
        _client = new Lazy<DockerClient>(() => new DockerClientBuilder()
            .WithEndpoint(Endpoint)
            .WithTimeout(settings.RequestTimeout)
            .Build());
    }

    public Uri Endpoint { get; }

    public IDockerClient Client => _client.Value;

    public void Dispose()
    {
        if (_client.IsValueCreated)
        {
            _client.Value.Dispose();
        }
    }
}
