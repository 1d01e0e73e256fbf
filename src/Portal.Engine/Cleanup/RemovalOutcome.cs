namespace Portal.Engine.Cleanup;

/// <summary>How removing one item ended, the bytes it freed, and why when it was not removed.</summary>
internal sealed record RemovalOutcome(RemovalStatus Status, long Bytes, string? Reason)
{
    public static RemovalOutcome Removed(long bytes) => new(RemovalStatus.Removed, bytes, null);

    public static RemovalOutcome Skipped(string reason) => new(RemovalStatus.Skipped, 0, reason);

    public static RemovalOutcome Failed(string reason) => new(RemovalStatus.Failed, 0, reason);
}
