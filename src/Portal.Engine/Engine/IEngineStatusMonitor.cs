namespace Portal.Engine.Engine;

/// <summary>Watches whether the Docker engine answers, and what it is.</summary>
public interface IEngineStatusMonitor
{
    /// <summary>The latest status; never blocks on the engine.</summary>
    EngineStatus Current { get; }

    /// <summary>Yields the current status, then each change. Ends when <paramref name="cancellationToken"/> is cancelled.</summary>
    IAsyncEnumerable<EngineStatus> WatchAsync(CancellationToken cancellationToken);

    /// <summary>Asks the engine now, publishes and returns the result.</summary>
    Task<EngineStatus> CheckNowAsync(CancellationToken cancellationToken);
}
