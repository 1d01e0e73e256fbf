namespace Portal.Engine.Host;

/// <summary>The free space of the disks containers fill: Docker's root folder (images, containers, logs) and the workspaces.</summary>
public interface IDiskSpaceMonitor
{
    /// <summary>The latest reading, one entry per folder (Docker's first); empty until the engine told where its root is.</summary>
    IReadOnlyList<DiskSpace> Current { get; }

    /// <summary>Yields the current reading, then each new one (<c>Stats:DiskRefreshSeconds</c>). Ends when <paramref name="cancellationToken"/> is cancelled.</summary>
    IAsyncEnumerable<IReadOnlyList<DiskSpace>> WatchAsync(CancellationToken cancellationToken);
}
