using System.Collections.Frozen;
using System.Globalization;
using Portal.Engine.Containers;

namespace Portal.Engine.Proxy;

internal sealed class ProxyTargets(IContainerStateCache cache) : IProxyTargets
{
    public const int ShortIdLength = 12;

    public const int FullIdLength = 64;

    // Short id -> container, rebuilt only when the cache's snapshot changes: a request costs two dictionary reads.
    private ShortIdIndex _index = new(-1, FrozenDictionary<string, ContainerSummary>.Empty);

    public ProxyTarget Resolve(string containerId, int port, string userName, bool isAdmin)
    {
        var container = Find(containerId);
        if (container is null || !container.IsManaged || !(isAdmin || container.IsOwnedBy(userName)))
        {
            return ProxyTarget.NotFound;
        }

        if (!container.IsRunning)
        {
            return new ProxyTarget(ProxyTargetStatus.NotRunning, container, null);
        }

        var mapping = container.Ports.FirstOrDefault(p => p.ContainerPort == port && p.HostPort is > 0 && string.Equals(p.Protocol, "tcp", StringComparison.OrdinalIgnoreCase));
        if (mapping is null)
        {
            return new ProxyTarget(ProxyTargetStatus.PortNotPublished, container, null);
        }

        // The portal publishes on 127.0.0.1 only; a wildcard binding (a container made by hand) is reached there too.
        var host = mapping.HostIp is null or "0.0.0.0" or "::" or "" ? "127.0.0.1" : mapping.HostIp;
        if (host.Contains(':', StringComparison.Ordinal))
        {
            host = $"[{host}]";
        }

        return new ProxyTarget(ProxyTargetStatus.Ready, container, $"http://{host}:{mapping.HostPort!.Value.ToString(CultureInfo.InvariantCulture)}");
    }

    private ContainerSummary? Find(string containerId)
    {
        var snapshot = cache.Current;
        if (containerId.Length == FullIdLength)
        {
            return snapshot.Containers.GetValueOrDefault(containerId);
        }

        if (containerId.Length != ShortIdLength)
        {
            return null;
        }

        var index = _index;
        if (index.Version != snapshot.Version)
        {
            // Two short ids that collide (1 in 2^48) are both left out rather than one of them picked.
            var unique = snapshot.Containers.Values
                .GroupBy(c => c.ShortId, StringComparer.Ordinal)
                .Where(g => g.Count() == 1)
                .ToFrozenDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            index = new ShortIdIndex(snapshot.Version, unique);
            _index = index;
        }

        return index.Containers.GetValueOrDefault(containerId);
    }

    private sealed record ShortIdIndex(long Version, FrozenDictionary<string, ContainerSummary> Containers);
}
