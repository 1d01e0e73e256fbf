using Docker.DotNet.Models;

namespace Portal.Engine.Stats;

/// <summary>
/// Turns Docker's stats frames into samples the way the <c>docker stats</c> command does (docker/cli
/// <c>stats_helpers.go</c>), for cgroup v1 and v2 hosts alike. Pure functions, so they are unit-tested on recorded frames.
/// </summary>
public static class DockerStatsCalculator
{
    /// <summary>
    /// False for the frames Docker keeps sending while a container is stopped: a zero read time and no figures.
    /// </summary>
    public static bool IsLive(ContainerStatsResponse frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return frame.Read.Year > 1;
    }

    /// <summary>
    /// CPU delta over system delta times the online CPUs, times 100. Null when the frame carries no previous reading
    /// (the first frame of a stream, or the first after a restart); 0 when nothing ran.
    /// </summary>
    public static double? CpuPercent(ContainerStatsResponse frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var now = frame.CPUStats;
        var before = frame.PreCPUStats;
        if (now?.CPUUsage is null || now.SystemUsage is not { } system || before?.CPUUsage is null || before.SystemUsage is not (> 0 and var previousSystem))
        {
            return null;
        }

        var cpuDelta = (double)now.CPUUsage.TotalUsage - before.CPUUsage.TotalUsage;
        var systemDelta = (double)system - previousSystem;
        var cpus = OnlineCpus(frame);
        return systemDelta > 0 && cpuDelta > 0 && cpus > 0 ? cpuDelta / systemDelta * cpus * 100.0 : 0;
    }

    /// <summary>The online CPUs Docker reports; older engines only list per-CPU usage, which counts them too.</summary>
    public static int OnlineCpus(ContainerStatsResponse frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return frame.CPUStats?.OnlineCPUs is > 0 and var online
            ? (int)online
            : frame.CPUStats?.CPUUsage?.PercpuUsage?.Count ?? 0;
    }

    /// <summary>
    /// Usage without the inactive page cache, which the kernel reclaims before it runs out: <c>total_inactive_file</c>
    /// on cgroup v1, <c>inactive_file</c> on cgroup v2.
    /// </summary>
    public static long MemoryUsedBytes(MemoryStats? memory)
    {
        if (memory?.Usage is not { } usage)
        {
            return 0;
        }

        var stats = memory.Stats;
        if (stats is not null && stats.TryGetValue("total_inactive_file", out var v1Inactive) && v1Inactive < usage)
        {
            return ToLong(usage - v1Inactive);
        }

        if (stats is not null && stats.TryGetValue("inactive_file", out var v2Inactive) && v2Inactive < usage)
        {
            return ToLong(usage - v2Inactive);
        }

        return ToLong(usage);
    }

    /// <summary>The limit Docker reports (the host's memory for a container without one); null when it reports none.</summary>
    public static long? MemoryLimitBytes(MemoryStats? memory) => memory?.Limit is > 0 and var limit ? ToLong(limit) : null;

    /// <summary>
    /// Bytes read and written, summed over devices. cgroup v1 names the operations <c>Read</c>/<c>Write</c> (next to
    /// <c>Sync</c>, <c>Async</c>, <c>Total</c>), cgroup v2 <c>read</c>/<c>write</c>: only the first letter counts.
    /// </summary>
    public static (long Read, long Write) BlockIo(BlkioStats? blkio)
    {
        ulong read = 0;
        ulong write = 0;
        foreach (var entry in blkio?.IoServiceBytesRecursive ?? [])
        {
            switch (entry.Op is { Length: > 0 } op ? char.ToLowerInvariant(op[0]) : '\0')
            {
                case 'r':
                    read += entry.Value;
                    break;
                case 'w':
                    write += entry.Value;
                    break;
            }
        }

        return (ToLong(read), ToLong(write));
    }

    /// <summary>Bytes received and sent, summed over the container's interfaces (none for <c>--network none</c>).</summary>
    public static (long Rx, long Tx) Network(IDictionary<string, NetworkStats>? networks)
    {
        ulong rx = 0;
        ulong tx = 0;
        foreach (var network in networks?.Values ?? [])
        {
            rx += network.RxBytes;
            tx += network.TxBytes;
        }

        return (ToLong(rx), ToLong(tx));
    }

    /// <summary>
    /// A sample from a live frame. Rates come from <paramref name="previous"/>, the sample before it in the same run;
    /// counters that went down (a restart) give no rate.
    /// </summary>
    public static ContainerStatsSample ToSample(ContainerStatsResponse frame, ContainerStatsSample? previous)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var readAt = ToUtc(frame.Read);
        var (rx, tx) = Network(frame.Networks);
        var (read, write) = BlockIo(frame.BlkioStats);
        var seconds = previous is null ? 0 : (readAt - previous.ReadAt).TotalSeconds;
        return new ContainerStatsSample
        {
            ReadAt = readAt,
            CpuPercent = CpuPercent(frame),
            OnlineCpus = OnlineCpus(frame),
            MemoryUsedBytes = MemoryUsedBytes(frame.MemoryStats),
            MemoryLimitBytes = MemoryLimitBytes(frame.MemoryStats),
            NetworkRxBytes = rx,
            NetworkTxBytes = tx,
            NetworkRxBytesPerSecond = Rate(rx, previous?.NetworkRxBytes, seconds),
            NetworkTxBytesPerSecond = Rate(tx, previous?.NetworkTxBytes, seconds),
            BlockReadBytes = read,
            BlockWriteBytes = write,
            BlockReadBytesPerSecond = Rate(read, previous?.BlockReadBytes, seconds),
            BlockWriteBytesPerSecond = Rate(write, previous?.BlockWriteBytes, seconds),
            Pids = frame.PidsStats?.Current is { } pids ? ToLong(pids) : null,
        };
    }

    private static double? Rate(long now, long? before, double seconds) =>
        before is { } previous && seconds > 0 && now >= previous ? (now - previous) / seconds : null;

    private static DateTimeOffset ToUtc(DateTime time) => time.Kind switch
    {
        DateTimeKind.Utc => new DateTimeOffset(time, TimeSpan.Zero),
        DateTimeKind.Local => new DateTimeOffset(time.ToUniversalTime(), TimeSpan.Zero),
        _ => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc), TimeSpan.Zero),
    };

    private static long ToLong(ulong value) => value > long.MaxValue ? long.MaxValue : (long)value;
}
