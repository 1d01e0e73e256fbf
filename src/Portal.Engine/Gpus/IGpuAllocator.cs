namespace Portal.Engine.Gpus;

/// <summary>
/// Leases GPUs (and MIG instances) exclusively to running containers. Leases live in the database, keyed by
/// device, so no device is ever held twice whatever the interleaving of requests.
/// </summary>
public interface IGpuAllocator
{
    /// <summary>The leasable units of the current inventory.</summary>
    IReadOnlyList<GpuUnit> Units { get; }

    /// <summary>Leases <paramref name="count"/> free devices, picking them itself.</summary>
    Task<GpuLeaseResult> LeaseAsync(string owner, string portalContainerId, string containerName, int count, CancellationToken cancellationToken);

    /// <summary>Leases exactly these devices (a stopped container started again), or says who holds them.</summary>
    Task<GpuLeaseResult> LeaseDevicesAsync(string owner, string portalContainerId, string containerName, IReadOnlyList<string> deviceIds, CancellationToken cancellationToken);

    /// <summary>Records the Docker id of the container holding a lease, once it exists.</summary>
    Task AttachDockerIdAsync(string portalContainerId, string dockerContainerId, CancellationToken cancellationToken);

    /// <summary>Releases everything the container holds. Returns how many devices were released.</summary>
    Task<int> ReleaseAsync(string portalContainerId, CancellationToken cancellationToken);

    Task<IReadOnlyList<GpuLeaseInfo>> ListLeasesAsync(CancellationToken cancellationToken);

    /// <summary>Yields the leases now, then after each change. Ends when <paramref name="cancellationToken"/> is cancelled.</summary>
    IAsyncEnumerable<IReadOnlyList<GpuLeaseInfo>> WatchLeasesAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Makes the leases exactly those of the given running containers: drops leases of containers that no longer
    /// run and restores those a running container holds by its labels (after a crash or a restart).
    /// </summary>
    Task ReconcileAsync(IReadOnlyList<RunningGpuContainer> running, CancellationToken cancellationToken);
}
