namespace Portal.Engine.Disk;

/// <summary>
/// Disk accounting, bound from the <c>Disk</c> section. A pass asks Docker for <c>/system/df</c> (minutes on a busy
/// host) and walks every workspace, so it runs in the background and readers get the last figures with their age.
/// The disk quota itself is <c>Quotas:MaxDiskGiB</c>.
/// </summary>
public sealed class DiskOptions
{
    public const string SectionName = "Disk";

    /// <summary>Minutes between two accounting passes (fractions allowed). Defaults to 10.</summary>
    public double RefreshMinutes { get; set; } = 10;

    /// <summary>
    /// How long the container list must be quiet after a container was created or removed before a pass starts, in
    /// seconds; a burst of launches is one pass. Defaults to 5.
    /// </summary>
    public double EventDebounceSeconds { get; set; } = 5;

    /// <summary>Longest one pass may take before it is abandoned (the last figures stay), in minutes. Defaults to 15.</summary>
    public double ScanTimeoutMinutes { get; set; } = 15;

    /// <summary>Share of the quota, in percent, from which a user is warned. Defaults to 90.</summary>
    public double WarningPercent { get; set; } = 90;

    /// <summary>How many of the largest items are kept per user and overall. Defaults to 10.</summary>
    public int LargestItems { get; set; } = 10;

    public TimeSpan Refresh => TimeSpan.FromMinutes(RefreshMinutes);

    public TimeSpan EventDebounce => TimeSpan.FromSeconds(EventDebounceSeconds);

    public TimeSpan ScanTimeout => TimeSpan.FromMinutes(ScanTimeoutMinutes);
}
