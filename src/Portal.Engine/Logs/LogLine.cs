namespace Portal.Engine.Logs;

/// <summary>
/// One line of a container's log. <see cref="Sequence"/> increases by one per line of a followed container, so a
/// viewer can tell lines apart and see gaps; <see cref="Text"/> is valid UTF-8 text without its line break, capped
/// at <c>Logs:MaxLineLength</c> (a capped line ends with <see cref="LogLimits.TruncationMarker"/>).
/// </summary>
public sealed record LogLine(long Sequence, DateTimeOffset Timestamp, LogStreamKind Stream, string Text);
