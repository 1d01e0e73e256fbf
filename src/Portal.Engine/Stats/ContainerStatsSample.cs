namespace Portal.Engine.Stats;

/// <summary>
/// One reading of a container's resource use, as <c>docker stats</c> shows it. Counters (network, block I/O) are
/// totals since the container started; rates are per second since the previous sample of the same run, and null
/// where there is none (the first sample, or after a restart reset the counters).
/// </summary>
public sealed record ContainerStatsSample
{
    /// <summary>When Docker read the cgroup (UTC).</summary>
    public required DateTimeOffset ReadAt { get; init; }

    /// <summary>
    /// Share of one CPU, summed over CPUs (200 = two cores busy), as <c>docker stats</c> computes it; null on the first
    /// frame of a stream, which has no previous reading to compare with.
    /// </summary>
    public double? CpuPercent { get; init; }

    /// <summary>CPUs the container may run on; the most <see cref="CpuPercent"/> can reach is 100 times this.</summary>
    public int OnlineCpus { get; init; }

    /// <summary>Memory in use without the reclaimable page cache (what <c>docker stats</c> shows as MEM USAGE).</summary>
    public long MemoryUsedBytes { get; init; }

    /// <summary>The container's memory limit, or the host's memory when it has none.</summary>
    public long? MemoryLimitBytes { get; init; }

    public long NetworkRxBytes { get; init; }

    public long NetworkTxBytes { get; init; }

    public double? NetworkRxBytesPerSecond { get; init; }

    public double? NetworkTxBytesPerSecond { get; init; }

    public long BlockReadBytes { get; init; }

    public long BlockWriteBytes { get; init; }

    public double? BlockReadBytesPerSecond { get; init; }

    public double? BlockWriteBytesPerSecond { get; init; }

    /// <summary>Processes and threads in the container.</summary>
    public long? Pids { get; init; }

    /// <summary>Memory use as a share of the limit, 0 to 100; null without a limit.</summary>
    public double? MemoryPercent => MemoryLimitBytes is > 0 and var limit ? 100.0 * MemoryUsedBytes / limit : null;
}
