namespace Portal.Engine.Terminals;

/// <summary>Why a terminal session ended; the browser shows it, the audit log records it.</summary>
public enum TerminalEndReason
{
    /// <summary>The process ended by itself (<c>exit</c>, end of input, a crash).</summary>
    Exited,

    /// <summary>The user asked for it (closed the terminal's tab in the page).</summary>
    Closed,

    /// <summary>No browser reattached within the grace period.</summary>
    GraceExpired,

    /// <summary>No input and no output for the idle timeout.</summary>
    IdleTimeout,

    /// <summary>The container stopped, so everything in it did.</summary>
    ContainerStopped,

    /// <summary>The portal is shutting down and leaves no process behind.</summary>
    Shutdown,
}
