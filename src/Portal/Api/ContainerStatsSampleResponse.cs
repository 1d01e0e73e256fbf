using Portal.Engine.Stats;

namespace Portal.Api;

/// <summary>One reading of a container's resource use; rates are per second since the previous reading (null for the first).</summary>
public sealed record ContainerStatsSampleResponse(
    DateTimeOffset ReadAt,
    double? CpuPercent,
    int OnlineCpus,
    long MemoryUsedBytes,
    long? MemoryLimitBytes,
    double? MemoryPercent,
    long NetworkRxBytes,
    long NetworkTxBytes,
    double? NetworkRxBytesPerSecond,
    double? NetworkTxBytesPerSecond,
    long BlockReadBytes,
    long BlockWriteBytes,
    double? BlockReadBytesPerSecond,
    double? BlockWriteBytesPerSecond,
    long? Pids)
{
    public static ContainerStatsSampleResponse From(ContainerStatsSample sample) => new(
        sample.ReadAt,
        sample.CpuPercent,
        sample.OnlineCpus,
        sample.MemoryUsedBytes,
        sample.MemoryLimitBytes,
        sample.MemoryPercent,
        sample.NetworkRxBytes,
        sample.NetworkTxBytes,
        sample.NetworkRxBytesPerSecond,
        sample.NetworkTxBytesPerSecond,
        sample.BlockReadBytes,
        sample.BlockWriteBytes,
        sample.BlockReadBytesPerSecond,
        sample.BlockWriteBytesPerSecond,
        sample.Pids);
}
