namespace Portal.Engine.Gpus;

/// <summary>
/// One physical GPU as nvidia-smi reported it. Every reading is nullable: drivers write <c>N/A</c> or
/// <c>[Not Supported]</c> for whatever a board or a driver version cannot tell, and the UI shows that as "unknown".
/// </summary>
public sealed record GpuDevice
{
    /// <summary>
    /// The position of the GPU in the document, which is nvidia-smi's own index (<c>GPU 0</c> in <c>nvidia-smi -L</c>).
    /// This, not <see cref="Uuid"/>, identifies a GPU within one snapshot: anonymised or broken boards can repeat a UUID.
    /// </summary>
    public required int Index { get; init; }

    /// <summary>The N of <c>/dev/nvidiaN</c>. Not always equal to <see cref="Index"/>.</summary>
    public int? MinorNumber { get; init; }

    public string? Uuid { get; init; }

    public string? Name { get; init; }

    /// <summary>Such as <c>00000000:01:00.0</c>.</summary>
    public string? PciBusId { get; init; }

    /// <summary>Frame-buffer memory, in MiB.</summary>
    public long? MemoryTotalMiB { get; init; }

    public long? MemoryUsedMiB { get; init; }

    public long? MemoryFreeMiB { get; init; }

    /// <summary>Percent of time a kernel ran over the last sample period; null under MIG, where the driver does not report it.</summary>
    public int? UtilizationGpuPercent { get; init; }

    /// <summary>Percent of time memory was read or written over the last sample period.</summary>
    public int? UtilizationMemoryPercent { get; init; }

    public int? TemperatureCelsius { get; init; }

    /// <summary>Board power draw in watts (the one-second average where the driver reports one, else the instant value).</summary>
    public double? PowerDrawWatts { get; init; }

    /// <summary>The enforced power limit in watts.</summary>
    public double? PowerLimitWatts { get; init; }

    /// <summary>The current MIG mode; null where the GPU cannot do MIG (<c>N/A</c>) or the driver predates MIG.</summary>
    public MigMode? MigMode { get; init; }

    public IReadOnlyList<MigDevice> MigDevices { get; init; } = [];

    public IReadOnlyList<GpuProcess> Processes { get; init; } = [];
}
