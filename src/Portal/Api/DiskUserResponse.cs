using Portal.Engine.Disk;

namespace Portal.Api;

/// <summary>One line of the admins' per-user table.</summary>
public sealed record DiskUserResponse(string UserName, DiskUsageResponse Usage, DiskQuotaResponse Quota)
{
    public static DiskUserResponse From(DiskQuotaStatus status) => new(status.UserName, DiskUsageResponse.From(status.Usage), DiskQuotaResponse.From(status));
}
