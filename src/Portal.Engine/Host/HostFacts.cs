namespace Portal.Engine.Host;

/// <summary>CPU and memory of the machine the portal runs on (the Docker host, when the socket is local).</summary>
public sealed record HostFacts
{
    public required string HostName { get; init; }

    public required int CpuCores { get; init; }

    /// <summary>Busy share of all cores since the previous sample, 0 to 100; null before the second sample.</summary>
    public double? CpuUsagePercent { get; init; }

    public double? LoadAverage1 { get; init; }

    public long? MemoryTotalBytes { get; init; }

    public long? MemoryAvailableBytes { get; init; }

    public long? MemoryUsedBytes => MemoryTotalBytes - MemoryAvailableBytes;

    public TimeSpan? Uptime { get; init; }

    public required DateTimeOffset SampledAt { get; init; }
}
