namespace Portal.Engine.Gpus;

/// <summary>
/// One MIG device (a GPU instance plus compute instance) carved out of a GPU. The XML does not carry MIG UUIDs or
/// profile names; <c>nvidia-smi -L</c> does, so <see cref="Uuid"/> and <see cref="Profile"/> are only filled where
/// that listing was merged in (see <see cref="NvidiaSmiListParser.AttachMigDetails"/>).
/// </summary>
public sealed record MigDevice
{
    /// <summary>The MIG device index within its GPU, as in <c>nvidia-smi -L</c> ("Device 0").</summary>
    public required int Index { get; init; }

    public int? GpuInstanceId { get; init; }

    public int? ComputeInstanceId { get; init; }

    /// <summary>Streaming multiprocessors shared by this device.</summary>
    public int? MultiprocessorCount { get; init; }

    public long? MemoryTotalMiB { get; init; }

    public long? MemoryUsedMiB { get; init; }

    public long? MemoryFreeMiB { get; init; }

    /// <summary>The <c>MIG-...</c> UUID that <c>NVIDIA_VISIBLE_DEVICES</c> accepts; null until <c>nvidia-smi -L</c> was merged in.</summary>
    public string? Uuid { get; init; }

    /// <summary>The profile name such as <c>3g.40gb</c> or <c>1c.3g.71gb</c>; null until <c>nvidia-smi -L</c> was merged in.</summary>
    public string? Profile { get; init; }
}
