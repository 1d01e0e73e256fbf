namespace Portal.Engine.Logs;

/// <summary>Where a log line came from. A TTY container has one stream, reported as <see cref="Stdout"/>.</summary>
public enum LogStreamKind
{
    Stdout,
    Stderr,

    /// <summary>Written by the portal itself, e.g. "container restarted" between two runs of the same container.</summary>
    System,
}
