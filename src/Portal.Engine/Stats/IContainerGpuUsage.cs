namespace Portal.Engine.Stats;

/// <summary>
/// GPU use per container: for each GPU the container holds (and any other its processes use), the device's
/// readings and the memory of the container's own processes on it. Callers have already checked that the actor may
/// see the container; this type never does.
/// </summary>
public interface IContainerGpuUsage
{
    /// <summary>The container's GPU use now (empty for a container without GPUs, or one that does not run).</summary>
    Task<IReadOnlyList<ContainerGpuUsage>> ReadAsync(string containerId, CancellationToken cancellationToken);

    /// <summary>
    /// Yields the container's GPU use now, then again after each GPU inventory read (<c>Gpus:RefreshInterval</c>).
    /// Ends when <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    IAsyncEnumerable<IReadOnlyList<ContainerGpuUsage>> WatchAsync(string containerId, CancellationToken cancellationToken);
}
