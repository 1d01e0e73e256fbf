namespace Portal.Engine.Logs;

/// <summary>
/// Live logs and log rotation, bound from the <c>Logs</c> section. The buffer and queue sizes are bounds on server
/// memory: a container printing thousands of lines a second, watched by many viewers, costs a known amount and no
/// more.
/// </summary>
public sealed class LogOptions
{
    public const string SectionName = "Logs";

    /// <summary>Recent lines kept per followed container, for late joiners and search. Defaults to 10 000.</summary>
    public int BufferLines { get; set; } = 10_000;

    /// <summary>
    /// Lines waiting for one slow viewer. When full the oldest are dropped and the viewer is told how many it missed,
    /// so a stalled browser tab never grows server memory. Defaults to 5 000.
    /// </summary>
    public int ViewerQueueLines { get; set; } = 5_000;

    /// <summary>Longest line kept, in characters; the rest is cut and marked. Defaults to 16 384 (Docker's own 16 KiB log chunk).</summary>
    public int MaxLineLength { get; set; } = 16_384;

    /// <summary>
    /// How long a container's Docker log stream stays open after its last viewer leaves, so a page reload does not
    /// reopen it. 0 closes it at once. Defaults to 10 seconds.
    /// </summary>
    public double LingerSeconds { get; set; } = 10;

    /// <summary>
    /// The size at which Docker rotates the log file of every container the portal creates (<c>json-file</c>'s
    /// <c>max-size</c>: a number with an optional unit <c>k</c>, <c>m</c> or <c>g</c>). Defaults to <c>10m</c>.
    /// </summary>
    public string RotationMaxSize { get; set; } = LogRotation.Default.MaxSize;

    /// <summary>Log files Docker keeps per container (<c>max-file</c>), the current one included. Defaults to 3.</summary>
    public int RotationMaxFiles { get; set; } = LogRotation.Default.MaxFiles;

    public TimeSpan Linger => TimeSpan.FromSeconds(LingerSeconds);

    public LogRotation Rotation => new(RotationMaxSize, RotationMaxFiles);
}
