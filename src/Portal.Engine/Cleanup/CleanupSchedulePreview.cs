namespace Portal.Engine.Cleanup;

/// <summary>What the next scheduled run would remove, judged at its time (items that reach the age limit by then count).</summary>
public sealed record CleanupSchedulePreview(DateTimeOffset RunAt, CleanupPlan Plan);
