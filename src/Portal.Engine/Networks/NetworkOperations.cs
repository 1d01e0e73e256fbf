using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;
using Portal.Engine.Containers;
using Portal.Engine.Docker;

namespace Portal.Engine.Networks;

internal sealed partial class NetworkOperations(DockerConnection connection, ILogger<NetworkOperations> logger) : INetworkOperations
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public string NetworkNameFor(string owner) => "portal-net-" + DockerNames.Sanitize(owner);

    public async Task<(string Name, bool Created)> EnsureUserNetworkAsync(string owner, IReadOnlyDictionary<string, string> extraLabels, CancellationToken cancellationToken)
    {
        var name = NetworkNameFor(owner);
        // Two launches of one user must not both create the network (Docker allows duplicate names).
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (await FindAsync(name, cancellationToken).ConfigureAwait(false) is not null)
            {
                return (name, false);
            }

            var labels = new Dictionary<string, string>(extraLabels)
            {
                [PortalLabels.Managed] = "true",
                [PortalLabels.Owner] = owner,
            };
            await connection.Client.Networks.CreateNetworkAsync(
                new NetworksCreateParameters
                {
                    Name = name,
                    Driver = "bridge",
                    Labels = labels,
                },
                cancellationToken).ConfigureAwait(false);
            LogCreated(logger, name, owner);
            return (name, true);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<bool> RemoveIfUnusedAsync(string name, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var network = await FindAsync(name, cancellationToken).ConfigureAwait(false);
            if (network is null)
            {
                return false;
            }

            var inspected = await connection.Client.Networks.InspectNetworkAsync(network.ID, cancellationToken).ConfigureAwait(false);
            if (inspected.Containers is { Count: > 0 })
            {
                return false;
            }

            await connection.Client.Networks.DeleteNetworkAsync(network.ID, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (DockerApiException ex) when (ex.StatusCode is System.Net.HttpStatusCode.NotFound or System.Net.HttpStatusCode.Forbidden or System.Net.HttpStatusCode.Conflict)
        {
            // Gone already, or a container joined meanwhile: both mean "keep what is there".
            return false;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<NetworkResponse?> FindAsync(string name, CancellationToken cancellationToken)
    {
        var networks = await connection.Client.Networks.ListNetworksAsync(
            new NetworksListParameters
            {
                Filters = new Dictionary<string, IDictionary<string, bool>> { ["name"] = new Dictionary<string, bool> { [name] = true } },
            },
            cancellationToken).ConfigureAwait(false);
        // The name filter matches substrings; only the exact name counts.
        return networks.FirstOrDefault(n => n.Name == name);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created network {Network} for {Owner}")]
    private static partial void LogCreated(ILogger logger, string network, string owner);
}
