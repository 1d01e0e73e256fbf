using Portal.Engine.Stats;

namespace Portal.Api;

/// <summary>
/// One GPU (or MIG instance) the container holds or its processes use: the device's readings and the memory of the
/// container's own processes on it. <c>leased</c> is false for a device only its processes were found on.
/// </summary>
public sealed record ContainerGpuUsageResponse(
    string DeviceId,
    int? GpuIndex,
    int? MigIndex,
    string? Name,
    string? Profile,
    bool Leased,
    bool InInventory,
    int? UtilizationPercent,
    long? MemoryUsedMiB,
    long? MemoryTotalMiB,
    long ContainerMemoryMiB,
    IReadOnlyList<GpuProcessResponse> Processes)
{
    public static ContainerGpuUsageResponse From(ContainerGpuUsage usage) => new(
        usage.DeviceId,
        usage.GpuIndex,
        usage.MigIndex,
        usage.Name,
        usage.Profile,
        usage.IsLeased,
        usage.IsInInventory,
        usage.UtilizationPercent,
        usage.MemoryUsedMiB,
        usage.MemoryTotalMiB,
        usage.ContainerMemoryMiB,
        usage.Processes.Select(p => new GpuProcessResponse(p.Pid, p.Name, p.Type, p.UsedMemoryMiB)).ToList());
}
