using Portal.Disk;
using Portal.Engine.Disk;

namespace Portal.Api;

/// <summary>A user's disk quota and where they stand.</summary>
/// <param name="MaxDiskGiB">The quota in force, in GiB; 0 means unlimited.</param>
/// <param name="QuotaBytes">The same in bytes; null when unlimited.</param>
/// <param name="UsedPercent">Usage as a share of the quota (over 100 when over it); null when unlimited.</param>
/// <param name="Level"><c>unknown</c> (not measured yet), <c>unlimited</c>, <c>ok</c>, <c>warning</c> or <c>exceeded</c>.</param>
public sealed record DiskQuotaResponse(double MaxDiskGiB, long? QuotaBytes, double? UsedPercent, string Level)
{
    public static DiskQuotaResponse From(DiskQuotaStatus status) =>
        new(status.MaxDiskGiB, status.QuotaBytes, status.UsedPercent is { } percent ? Math.Round(percent, 2) : null, DiskKindNames.ApiName(status.Level));
}
