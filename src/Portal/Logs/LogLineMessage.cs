using Portal.Engine.Logs;

namespace Portal.Logs;

/// <summary>
/// One log line as the logs hub sends it (JSON: <c>sequence</c>, <c>timestamp</c>, <c>stream</c>, <c>text</c>).
/// <c>stream</c> is <c>stdout</c>, <c>stderr</c> or <c>system</c> (a line the portal wrote, such as
/// "— container restarted —"); <c>text</c> is the line as the container printed it, ANSI codes included.
/// </summary>
public sealed record LogLineMessage(long Sequence, DateTimeOffset Timestamp, string Stream, string Text)
{
    public const string Stdout = "stdout";

    public const string Stderr = "stderr";

    public const string System = "system";

    public static LogLineMessage From(LogLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return new(line.Sequence, line.Timestamp, StreamName(line.Stream), line.Text);
    }

    public static string StreamName(LogStreamKind stream) => stream switch
    {
        LogStreamKind.Stderr => Stderr,
        LogStreamKind.System => System,
        _ => Stdout,
    };
}
