namespace Portal.Engine.Logs;

/// <summary>
/// Where a followed log stands, so that a new Docker stream (after the container restarted, or the old stream broke)
/// starts there without repeating a line or losing one. Docker stamps every line it read from the container at once
/// with the same time, and <c>since</c> includes that time; so the new stream starts at the last time seen and the
/// lines already seen at that time are skipped, by count. Within one stream (stdout or stderr) time never goes back,
/// so a line older than the last one seen on its stream is a repeat too: Docker 20.10's follow re-reads some lines
/// when json-file rotates the log under it (seen in the logs benchmark, in the raw Docker stream as well).
/// </summary>
internal sealed class LogResumePoint
{
    private DateTimeOffset _lastStdout = DateTimeOffset.MinValue;
    private DateTimeOffset _lastStderr = DateTimeOffset.MinValue;
    private DateTimeOffset? _last;
    private int _seenAtLast;
    private int _toSkip;

    /// <summary>Records a delivered line.</summary>
    public void Seen(LogLine line)
    {
        if (line.Stream == LogStreamKind.Stderr)
        {
            _lastStderr = Max(_lastStderr, line.Timestamp);
        }
        else
        {
            _lastStdout = Max(_lastStdout, line.Timestamp);
        }

        if (line.Timestamp == _last)
        {
            _seenAtLast++;
        }
        else if (_last is null || line.Timestamp > _last)
        {
            _last = line.Timestamp;
            _seenAtLast = 1;
        }
    }

    /// <summary>Starts a new stream: its <c>since</c> (null when nothing was seen yet), after which <see cref="IsRepeat"/> skips what was seen.</summary>
    public string? Resume()
    {
        _toSkip = _seenAtLast;
        return _last is { } last ? DockerTimestamp.ToSince(last) : null;
    }

    /// <summary>Whether a line of the new stream was delivered by an earlier one.</summary>
    public bool IsRepeat(LogLine line)
    {
        if (_toSkip > 0 && line.Timestamp == _last)
        {
            _toSkip--;
            return true;
        }

        _toSkip = 0;
        return line.Timestamp < (line.Stream == LogStreamKind.Stderr ? _lastStderr : _lastStdout);
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
