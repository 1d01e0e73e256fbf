namespace Portal.Engine.Gpus;

/// <summary>
/// The GPUs of the host at one moment. A failed read is a snapshot too (no GPUs and an <see cref="Error"/>), so a
/// host whose driver broke shows why instead of looking like a host without GPUs.
/// </summary>
public sealed record GpuSnapshot
{
    public IReadOnlyList<GpuDevice> Gpus { get; init; } = [];

    public string? DriverVersion { get; init; }

    public string? CudaVersion { get; init; }

    /// <summary>When the portal read the source (not nvidia-smi's own timestamp, which has no time zone).</summary>
    public required DateTimeOffset ReadAt { get; init; }

    /// <summary>Why the source could not be read, in words for people; null when it was read.</summary>
    public string? Error { get; init; }

    /// <summary>True until the first read finished.</summary>
    public bool IsUnknown { get; init; }

    public static GpuSnapshot Unknown(DateTimeOffset now) => new() { ReadAt = now, IsUnknown = true };

    public static GpuSnapshot Failed(DateTimeOffset now, string error) => new() { ReadAt = now, Error = error };
}
