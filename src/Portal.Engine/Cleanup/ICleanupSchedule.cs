namespace Portal.Engine.Cleanup;

/// <summary>
/// The admin's scheduled cleanup: its policy (a Cronos cron in UTC, targets, age, notice days), its next runs, a
/// preview of the next run, and each user's notices of what it will remove. A hosted service runs it; changes are
/// audited.
/// </summary>
public interface ICleanupSchedule
{
    Task<CleanupScheduleView> GetAsync(CancellationToken cancellationToken);

    /// <summary>Validates and saves the policy (invalid cron, unknown targets and out-of-range days are field errors).</summary>
    Task<CleanupScheduleUpdateResult> UpdateAsync(string actor, CleanupScheduleSettings settings, CancellationToken cancellationToken);

    /// <summary>What the next run would remove, or null when the cron has no next run.</summary>
    Task<CleanupSchedulePreview?> PreviewAsync(CancellationToken cancellationToken);

    /// <summary>The user's items the schedule removes within its notice period, soonest first; none while it is off.</summary>
    Task<IReadOnlyList<CleanupNotice>> GetNoticesAsync(string userName, CancellationToken cancellationToken);
}
