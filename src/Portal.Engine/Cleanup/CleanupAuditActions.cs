namespace Portal.Engine.Cleanup;

/// <summary>The audit log's action names for cleanup.</summary>
public static class CleanupAuditActions
{
    /// <summary>One item removed (or skipped, or failed), with its size.</summary>
    public const string Remove = "disk.cleanup.remove";

    /// <summary>A whole cleanup: what was asked, and the totals.</summary>
    public const string Run = "disk.cleanup";

    public const string ScheduleUpdate = "disk.cleanup.schedule";

    public const string Protect = "image.protect";

    public const string Unprotect = "image.unprotect";

    /// <summary>The actor the scheduled cleanup acts as.</summary>
    public const string ScheduleActor = "system:cleanup";
}
