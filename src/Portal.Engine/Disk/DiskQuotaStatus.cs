namespace Portal.Engine.Disk;

/// <summary>One user's disk use against their quota, from the last accounting pass.</summary>
/// <param name="MaxDiskGiB">The quota in force; 0 means unlimited.</param>
/// <param name="MeasuredAt">When the figures were measured; null before the first pass finished.</param>
public sealed record DiskQuotaStatus(UserDiskUsage Usage, double MaxDiskGiB, DiskQuotaLevel Level, DateTimeOffset? MeasuredAt)
{
    public string UserName => Usage.UserName;

    public long UsedBytes => Usage.TotalBytes;

    /// <summary>The quota in bytes; null when unlimited.</summary>
    public long? QuotaBytes => MaxDiskGiB > 0 ? DiskBytes.FromGiB(MaxDiskGiB) : null;

    /// <summary>Used as a share of the quota, in percent (above 100 when over); null when unlimited.</summary>
    public double? UsedPercent => QuotaBytes is { } quota ? 100.0 * UsedBytes / quota : null;

    public static DiskQuotaLevel LevelFor(long usedBytes, double maxDiskGiB, double warningPercent, bool measured)
    {
        if (!measured)
        {
            return DiskQuotaLevel.Unknown;
        }

        if (maxDiskGiB <= 0)
        {
            return DiskQuotaLevel.Unlimited;
        }

        var quota = DiskBytes.FromGiB(maxDiskGiB);
        return usedBytes >= quota ? DiskQuotaLevel.Exceeded
            : 100.0 * usedBytes / quota >= warningPercent ? DiskQuotaLevel.Warning
            : DiskQuotaLevel.Ok;
    }
}
