namespace Portal.Engine.Stats;

/// <summary>
/// Containers' live resource use, read from one Docker stats stream per container however many watch it. Callers
/// have already checked that the actor may see the container (see <c>IContainerManager.Find</c>); this type never does.
/// </summary>
public interface IContainerStats
{
    /// <summary>
    /// Follows a container (by its full Docker id): first the snapshot (the recent history, possibly empty, and the
    /// state), then an update per sample (about one a second) or change of state. The Docker stream starts with the
    /// first watcher and stops <c>Stats:LingerSeconds</c> after the last leaves. The sequence ends when
    /// <paramref name="cancellationToken"/> is cancelled, or after an <see cref="ContainerStatsState.Ended"/> update.
    /// A watcher slower than the samples misses some (the oldest waiting ones), never the latest.
    /// </summary>
    IAsyncEnumerable<ContainerStatsUpdate> WatchAsync(string containerId, CancellationToken cancellationToken);

    /// <summary>
    /// The container's recent history. Joins its stream for at most <paramref name="wait"/> until there is a sample
    /// with a CPU figure (the first frame of a stream has none), then leaves; the stream lingers, so a script polling
    /// every few seconds keeps one stream and finds the history growing.
    /// </summary>
    Task<ContainerStatsSnapshot> ReadAsync(string containerId, TimeSpan wait, CancellationToken cancellationToken);
}
