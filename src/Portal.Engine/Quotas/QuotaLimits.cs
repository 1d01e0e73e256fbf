namespace Portal.Engine.Quotas;

/// <summary>The limits in force for one user: their overrides where set, the defaults elsewhere.</summary>
public sealed record QuotaLimits(
    int MaxGpus,
    int MaxContainers,
    double MaxCpusPerContainer,
    int MaxMemoryMiBPerContainer,
    int MaxShmMiBPerContainer,
    bool IsOverridden);
