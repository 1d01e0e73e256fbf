namespace Portal.Engine.Quotas;

/// <summary>Default per-user limits, bound from the <c>Quotas</c> section. Admins override them per user.</summary>
public sealed class QuotaOptions
{
    public const string SectionName = "Quotas";

    /// <summary>GPUs (or MIG instances) held at once. Defaults to 2.</summary>
    public int MaxGpus { get; set; } = 2;

    /// <summary>Containers that exist at once, running or not. Defaults to 5.</summary>
    public int MaxContainers { get; set; } = 5;

    /// <summary>Defaults to 8 CPUs.</summary>
    public double MaxCpusPerContainer { get; set; } = 8;

    /// <summary>Defaults to 64 GiB.</summary>
    public int MaxMemoryMiBPerContainer { get; set; } = 65536;

    /// <summary>Defaults to 16 GiB.</summary>
    public int MaxShmMiBPerContainer { get; set; } = 16384;

    /// <summary>
    /// Disk one user may fill (container layers, owned images, volumes, workspace, container logs), in GiB; fractions
    /// allowed. Defaults to 0: unlimited.
    /// </summary>
    public double MaxDiskGiB { get; set; }
}
