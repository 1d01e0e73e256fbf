namespace Portal.Engine.Disk;

/// <summary>Where a user stands against their disk quota.</summary>
public enum DiskQuotaLevel
{
    /// <summary>No figures yet (the first pass has not finished): nothing is refused on a guess.</summary>
    Unknown,

    /// <summary>The quota is 0: no limit.</summary>
    Unlimited,

    Ok,

    /// <summary>At or above <c>Disk:WarningPercent</c> of the quota, still below it.</summary>
    Warning,

    /// <summary>At or above the quota: launches (and later commits, builds and pulls) are refused.</summary>
    Exceeded,
}
