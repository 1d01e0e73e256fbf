using Portal.Engine.Quotas;

namespace Portal.Api;

/// <summary>A full set of limits: the defaults, or what is in force for a user. <c>maxDiskGiB</c> 0 means unlimited.</summary>
public sealed record QuotaLimitsResponse(
    int MaxGpus,
    int MaxContainers,
    double MaxCpusPerContainer,
    int MaxMemoryMiBPerContainer,
    int MaxShmMiBPerContainer,
    double MaxDiskGiB)
{
    public static QuotaLimitsResponse From(QuotaLimits limits) => new(
        limits.MaxGpus, limits.MaxContainers, limits.MaxCpusPerContainer, limits.MaxMemoryMiBPerContainer, limits.MaxShmMiBPerContainer, limits.MaxDiskGiB);
}
