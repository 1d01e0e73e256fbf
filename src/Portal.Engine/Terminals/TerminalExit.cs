namespace Portal.Engine.Terminals;

/// <summary>How a session ended: the exec's exit code (null when Docker could not tell) and why.</summary>
public sealed record TerminalExit(long? ExitCode, TerminalEndReason Reason)
{
    /// <summary>The reason as the wire protocol and the audit log spell it (<c>container-stopped</c>).</summary>
    public string ReasonName => Reason switch
    {
        TerminalEndReason.Exited => "exited",
        TerminalEndReason.Closed => "closed",
        TerminalEndReason.GraceExpired => "grace-expired",
        TerminalEndReason.IdleTimeout => "idle-timeout",
        TerminalEndReason.ContainerStopped => "container-stopped",
        TerminalEndReason.Shutdown => "shutdown",
        _ => "ended",
    };
}
