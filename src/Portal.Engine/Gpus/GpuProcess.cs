namespace Portal.Engine.Gpus;

/// <summary>
/// A process that holds a context on a GPU (<c>&lt;process_info&gt;</c>). The PID is in the host's PID namespace, so
/// the portal can map it to a container; the same PID appears on every GPU the process uses.
/// </summary>
public sealed record GpuProcess
{
    public int? Pid { get; init; }

    /// <summary><c>C</c> (compute), <c>G</c> (graphics) or <c>C+G</c>, as nvidia-smi writes it.</summary>
    public string? Type { get; init; }

    public string? Name { get; init; }

    /// <summary>Memory the process holds on this GPU, in MiB; null where the driver cannot tell (Windows WDDM).</summary>
    public long? UsedMemoryMiB { get; init; }

    /// <summary>The MIG GPU instance the process runs in; null on a GPU without MIG.</summary>
    public int? GpuInstanceId { get; init; }

    /// <summary>The MIG compute instance the process runs in; null on a GPU without MIG.</summary>
    public int? ComputeInstanceId { get; init; }
}
