namespace Portal.Engine.Host;

/// <summary>Samples the host's CPU and memory.</summary>
public interface IHostMonitor
{
    HostFacts Current { get; }

    /// <summary>Yields the current facts, then each new sample. Ends when <paramref name="cancellationToken"/> is cancelled.</summary>
    IAsyncEnumerable<HostFacts> WatchAsync(CancellationToken cancellationToken);
}
