using Portal.Engine.Gpus;

namespace Portal.Engine.Stats;

/// <summary>
/// One GPU (or MIG instance) as a container uses it: the device's own readings, and the memory held by the
/// container's processes on it. Readings are null where nvidia-smi could not tell (utilization under MIG, memory
/// per process on Windows drivers).
/// </summary>
public sealed record ContainerGpuUsage
{
    /// <summary>The device id the container was given (a GPU or MIG UUID), or the id under which its processes were found.</summary>
    public required string DeviceId { get; init; }

    /// <summary>nvidia-smi's index of the GPU; null for a leased device that the inventory no longer lists.</summary>
    public int? GpuIndex { get; init; }

    /// <summary>The MIG device index within the GPU; null for a whole GPU.</summary>
    public int? MigIndex { get; init; }

    public string? Name { get; init; }

    /// <summary>The MIG profile such as <c>3g.40gb</c>, where known.</summary>
    public string? Profile { get; init; }

    /// <summary>True when the container holds the device (its labels name it); false when only its processes were found there.</summary>
    public bool IsLeased { get; init; }

    /// <summary>False for a leased device that the current inventory does not list (the GPU fell off the bus, or MIG changed).</summary>
    public bool IsInInventory { get; init; } = true;

    /// <summary>Percent of time a kernel ran on the GPU; null under MIG, where the driver does not report it.</summary>
    public int? UtilizationPercent { get; init; }

    /// <summary>Memory used on the device by everyone, in MiB.</summary>
    public long? MemoryUsedMiB { get; init; }

    public long? MemoryTotalMiB { get; init; }

    /// <summary>Memory held by the container's own processes on the device, in MiB (0 when none of them uses it).</summary>
    public long ContainerMemoryMiB { get; init; }

    /// <summary>The container's processes that nvidia-smi lists on this device, with host PIDs.</summary>
    public IReadOnlyList<GpuProcess> Processes { get; init; } = [];
}
