namespace Portal.Engine.Cleanup;

/// <summary>What to clean: the targets (<see cref="CleanupTargets"/>), the age limit in days, and whose items.</summary>
public sealed record CleanupRequest(IReadOnlyList<string> Targets, int OlderThanDays, CleanupScope Scope)
{
    /// <summary>The largest age limit accepted: ten years.</summary>
    public const int MaxOlderThanDays = 3650;
}
