namespace Portal.Engine.Quotas;

/// <summary>The limits in force for one user: their overrides where set, the defaults elsewhere.</summary>
public sealed record QuotaLimits(
    int MaxGpus,
    int MaxContainers,
    double MaxCpusPerContainer,
    int MaxMemoryMiBPerContainer,
    int MaxShmMiBPerContainer,
    bool IsOverridden)
{
    /// <summary>Disk the user may fill, in GiB; 0 means unlimited.</summary>
    public double MaxDiskGiB { get; init; }
}
