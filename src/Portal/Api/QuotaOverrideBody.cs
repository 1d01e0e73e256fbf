using Portal.Engine.Quotas;

namespace Portal.Api;

/// <summary>
/// An admin's override, both the body of <c>PUT /api/v1/users/{userName}/quota</c> and part of its answer.
/// A null (or missing) member means "use the default"; all null clears the override. <c>maxDiskGiB</c> 0 means unlimited.
/// </summary>
public sealed record QuotaOverrideBody(
    int? MaxGpus,
    int? MaxContainers,
    double? MaxCpusPerContainer,
    int? MaxMemoryMiBPerContainer,
    int? MaxShmMiBPerContainer,
    double? MaxDiskGiB = null)
{
    public QuotaOverride ToOverride() => new(MaxGpus, MaxContainers, MaxCpusPerContainer, MaxMemoryMiBPerContainer, MaxShmMiBPerContainer, MaxDiskGiB);

    public static QuotaOverrideBody From(QuotaOverride value) => new(
        value.MaxGpus, value.MaxContainers, value.MaxCpusPerContainer, value.MaxMemoryMiBPerContainer, value.MaxShmMiBPerContainer, value.MaxDiskGiB);
}
