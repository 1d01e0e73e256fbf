namespace Portal.Engine.Containers;

/// <summary>
/// The engine's containers, kept current from Docker's event stream (no polling). Pages and APIs read it; it
/// reconnects by itself when the engine restarts, and it releases GPU leases when containers stop or die.
/// </summary>
public interface IContainerStateCache
{
    ContainerStateSnapshot Current { get; }

    /// <summary>Yields the current snapshot, then one after each change. Ends when <paramref name="cancellationToken"/> is cancelled.</summary>
    IAsyncEnumerable<ContainerStateSnapshot> WatchAsync(CancellationToken cancellationToken);

    /// <summary>Completes once the first full list was read from the engine (or the token ends).</summary>
    Task WaitUntilConnectedAsync(CancellationToken cancellationToken);

    /// <summary>Re-reads one container now (after the portal changed it) so the next read sees the change.</summary>
    Task RefreshAsync(string containerId, CancellationToken cancellationToken);
}
