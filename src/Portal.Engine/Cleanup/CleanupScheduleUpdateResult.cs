namespace Portal.Engine.Cleanup;

/// <summary>The saved schedule, or the field errors that kept it from being saved.</summary>
public sealed record CleanupScheduleUpdateResult(CleanupScheduleView? Schedule, IReadOnlyDictionary<string, string[]> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}
