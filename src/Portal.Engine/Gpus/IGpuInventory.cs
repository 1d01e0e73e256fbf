namespace Portal.Engine.Gpus;

/// <summary>The host's GPUs as last read from <see cref="GpuOptions.Source"/>. Reading never throws for a broken source: the snapshot carries the error.</summary>
public interface IGpuInventory
{
    /// <summary>The latest snapshot; never blocks on nvidia-smi. <see cref="GpuSnapshot.IsUnknown"/> until the first read finished.</summary>
    GpuSnapshot Current { get; }

    /// <summary>Yields the current snapshot, then each new one. Ends when <paramref name="cancellationToken"/> is cancelled.</summary>
    IAsyncEnumerable<GpuSnapshot> WatchAsync(CancellationToken cancellationToken);

    /// <summary>Reads the source now, publishes and returns the result. Concurrent callers are served one after another.</summary>
    Task<GpuSnapshot> RefreshAsync(CancellationToken cancellationToken);
}
