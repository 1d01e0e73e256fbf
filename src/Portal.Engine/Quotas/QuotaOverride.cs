namespace Portal.Engine.Quotas;

/// <summary>An admin's override for one user; null members fall back to the defaults.</summary>
public sealed record QuotaOverride(
    int? MaxGpus,
    int? MaxContainers,
    double? MaxCpusPerContainer,
    int? MaxMemoryMiBPerContainer,
    int? MaxShmMiBPerContainer,
    double? MaxDiskGiB = null);
