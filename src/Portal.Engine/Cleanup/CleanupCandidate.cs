namespace Portal.Engine.Cleanup;

/// <summary>
/// One thing in the cleanup's scope, for one target, with why it must stay whatever its age (<see cref="Blocker"/>:
/// running, in use, protected) and whether the age limit applies to it.
/// </summary>
internal sealed record CleanupCandidate(CleanupItem Item, string DockerId, string? Blocker, bool AgeLimited)
{
    /// <summary>Null when the item may go now under the age limit; otherwise why it stays.</summary>
    public string? Refusal(int olderThanDays, DateTimeOffset asOf)
    {
        if (Blocker is not null)
        {
            return Blocker;
        }

        if (AgeLimited && Item.Since is { } since && since > asOf.AddDays(-olderThanDays))
        {
            return $"{Item.Reason}; the cleanup takes those older than {CleanupText.Days(olderThanDays)}";
        }

        return null;
    }

    /// <summary>When the age limit is reached (now for things without one).</summary>
    public DateTimeOffset EligibleFrom(int olderThanDays, DateTimeOffset now) =>
        AgeLimited && Item.Since is { } since ? since.AddDays(olderThanDays) : now;
}
