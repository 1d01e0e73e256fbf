using Portal.Engine.Cleanup;

namespace Portal.Api;

/// <summary>The scheduled cleanup: its policy, the cron in words, the next runs (UTC), the last run, and a preview of the next one.</summary>
public sealed record CleanupScheduleResponse(
    bool Enabled,
    string Cron,
    string CronDescription,
    IReadOnlyList<string> Targets,
    int OlderThanDays,
    int NoticeDays,
    DateTimeOffset? NextRun,
    IReadOnlyList<DateTimeOffset> NextRuns,
    DateTimeOffset? LastRunAt,
    string? LastRunSummary,
    DateTimeOffset? UpdatedAt,
    string? UpdatedBy,
    CleanupPreviewResponse? Preview,
    string? PreviewError)
{
    public static CleanupScheduleResponse From(CleanupScheduleView view, CleanupSchedulePreview? preview, string? previewError) => new(
        view.Settings.Enabled,
        view.Settings.Cron,
        view.CronDescription,
        view.Settings.Targets,
        view.Settings.OlderThanDays,
        view.Settings.NoticeDays,
        view.NextRun,
        view.NextRuns,
        view.LastRunAt,
        view.LastRunSummary,
        view.UpdatedAt,
        view.UpdatedBy,
        preview is null ? null : CleanupPreviewResponse.From(preview),
        previewError);
}
