namespace Portal.Engine.Terminals;

/// <summary>Stable codes for a terminal that could not be opened or reattached; the browser branches on them.</summary>
public static class TerminalErrorCodes
{
    /// <summary>The session ended (or never was one of yours); open a new one.</summary>
    public const string SessionEnded = "session-ended";

    /// <summary>You hold <c>Terminals:MaxSessionsPerUser</c> sessions already.</summary>
    public const string TooManySessions = "too-many-sessions";

    public const string ContainerNotRunning = "container-not-running";

    /// <summary>Docker refused the exec.</summary>
    public const string ExecFailed = "exec-failed";

    /// <summary>The portal is shutting down.</summary>
    public const string ShuttingDown = "shutting-down";
}
