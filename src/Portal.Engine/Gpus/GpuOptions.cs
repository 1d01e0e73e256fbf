namespace Portal.Engine.Gpus;

/// <summary>Where the GPU inventory comes from and how GPUs will reach containers. Bound from the <c>Gpus</c> configuration section.</summary>
public sealed class GpuOptions
{
    public const string SectionName = "Gpus";

    /// <summary>Where GPUs are read from. Defaults to <see cref="GpuSource.NvidiaSmi"/>.</summary>
    public GpuSource Source { get; set; } = GpuSource.NvidiaSmi;

    /// <summary>
    /// The saved <c>nvidia-smi -q -x</c> document read when <see cref="Source"/> is <see cref="GpuSource.File"/>. A relative
    /// path is used as given (relative to the working directory); the host resolves it against its content root if it wants to.
    /// </summary>
    public string? FilePath { get; set; }

    /// <summary>The nvidia-smi executable: a name looked up on <c>PATH</c> or a full path. Defaults to <c>nvidia-smi</c>.</summary>
    public string NvidiaSmiPath { get; set; } = "nvidia-smi";

    /// <summary>How often the inventory is re-read. Defaults to 5 seconds; at least 1 second, since nvidia-smi itself takes a while.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How a leased GPU is handed to a container. Defaults to <see cref="GpuBinding.DeviceRequests"/>.</summary>
    public GpuBinding Binding { get; set; } = GpuBinding.DeviceRequests;
}
