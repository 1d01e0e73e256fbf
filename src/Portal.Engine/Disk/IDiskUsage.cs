namespace Portal.Engine.Disk;

/// <summary>
/// Disk accounting measured in the background: on <c>Disk:RefreshMinutes</c>, after containers were created or
/// removed, and on request. Readers never wait for a pass; they get the last figures and their age.
/// </summary>
public interface IDiskUsage
{
    /// <summary>The latest figures; never blocks.</summary>
    DiskUsageSnapshot Current { get; }

    /// <summary>Yields the current snapshot, then one whenever a pass starts or ends. Ends when <paramref name="cancellationToken"/> is cancelled.</summary>
    IAsyncEnumerable<DiskUsageSnapshot> WatchAsync(CancellationToken cancellationToken);

    /// <summary>Asks for a pass and returns at once. Requests while one is pending become that one pass.</summary>
    void RequestRefresh();

    /// <summary>
    /// Asks for a pass and waits until a pass that started after this call has finished; returns its snapshot (with
    /// <see cref="DiskUsageSnapshot.Error"/> when it failed). For scripts, tests and benchmarks, not for pages.
    /// </summary>
    Task<DiskUsageSnapshot> RefreshAsync(CancellationToken cancellationToken);
}
