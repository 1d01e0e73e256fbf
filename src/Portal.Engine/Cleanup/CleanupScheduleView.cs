namespace Portal.Engine.Cleanup;

/// <summary>The schedule as the admin page and the API show it: the policy, its next runs, and how the last run went.</summary>
public sealed record CleanupScheduleView(
    CleanupScheduleSettings Settings,
    string CronDescription,
    IReadOnlyList<DateTimeOffset> NextRuns,
    DateTimeOffset? LastRunAt,
    string? LastRunSummary,
    DateTimeOffset? UpdatedAt,
    string? UpdatedBy)
{
    /// <summary>When it runs next: null when it is off.</summary>
    public DateTimeOffset? NextRun => Settings.Enabled && NextRuns.Count > 0 ? NextRuns[0] : null;
}
