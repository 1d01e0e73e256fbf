namespace Portal.Engine.Cleanup;

/// <summary>How removing one item ended.</summary>
internal enum RemovalStatus
{
    Removed,

    /// <summary>Not an error: it was gone, came into use, or the engine refused because something needs it (409).</summary>
    Skipped,

    Failed,
}
