namespace Portal.Engine.Cleanup;

/// <summary>
/// What a confirmed cleanup did. Skipped items were no longer eligible when it ran (a container started, an image
/// came into use, something was already gone) and are not errors; failed ones the engine refused for another reason.
/// </summary>
public sealed record CleanupResult(
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    IReadOnlyList<CleanupItemOutcome> Removed,
    IReadOnlyList<CleanupItemOutcome> Skipped,
    IReadOnlyList<CleanupItemOutcome> Failed)
{
    public long ReclaimedBytes => Removed.Sum(r => r.Bytes);

    /// <summary>One line for the audit log and the schedule's last-run summary.</summary>
    public string Summarize() =>
        $"removed {Removed.Count} ({CleanupText.Bytes(ReclaimedBytes)}), skipped {Skipped.Count}, failed {Failed.Count}";
}
