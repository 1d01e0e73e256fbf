namespace Portal.Engine.Cleanup;

/// <summary>The admin's scheduled cleanup policy: when (cron, UTC), what (targets, age) and how many days ahead owners are told.</summary>
public sealed record CleanupScheduleSettings(bool Enabled, string Cron, IReadOnlyList<string> Targets, int OlderThanDays, int NoticeDays)
{
    /// <summary>The largest notice period accepted.</summary>
    public const int MaxNoticeDays = 365;

    /// <summary>Off until an admin turns it on; then nightly at 03:00 UTC, stopped containers and unreferenced layers older than 30 days, told 3 days ahead.</summary>
    public static CleanupScheduleSettings Default { get; } = new(
        false,
        "0 3 * * *",
        [CleanupTargets.StoppedContainers, CleanupTargets.DanglingImages, CleanupTargets.BuildCache],
        30,
        3);

    public CleanupRequest ToRequest() => new(Targets, OlderThanDays, CleanupScope.All);
}
