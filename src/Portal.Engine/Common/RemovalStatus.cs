namespace Portal.Engine.Common;

/// <summary>How an engine removal ended. "In use" is the engine refusing, which callers report as skipped, not failed.</summary>
public enum RemovalStatus
{
    Removed,
    InUse,
    NotFound,
}
