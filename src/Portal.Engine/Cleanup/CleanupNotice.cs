namespace Portal.Engine.Cleanup;

/// <summary>One of a user's items that the scheduled cleanup will remove, and when.</summary>
public sealed record CleanupNotice(CleanupItem Item, DateTimeOffset RemovalAt);
