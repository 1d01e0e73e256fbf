namespace Portal.Engine.Logs;

/// <summary>
/// Decodes one Docker log stream (a container's stdout and stderr, or a TTY container's single stream) into lines.
/// Docker interleaves the two streams message by message, so each has its own assembler and a line of one is never
/// broken by a message of the other.
/// </summary>
internal sealed class LogStreamDecoder(int maxLineLength, Func<DateTimeOffset> now)
{
    private readonly LogLineAssembler _stdout = new(LogStreamKind.Stdout, maxLineLength, now);
    private readonly LogLineAssembler _stderr = new(LogStreamKind.Stderr, maxLineLength, now);

    /// <summary>Adds what one read returned; complete lines go to <paramref name="lines"/>.</summary>
    public void Append(LogStreamKind stream, ReadOnlySpan<byte> read, List<LogLine> lines) =>
        (stream == LogStreamKind.Stderr ? _stderr : _stdout).Append(read, lines);

    /// <summary>The stream ended: lines still open are complete as they are.</summary>
    public void Complete(List<LogLine> lines)
    {
        _stdout.Complete(lines);
        _stderr.Complete(lines);
    }
}
