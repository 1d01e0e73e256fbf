namespace Portal.Engine.Logs;

/// <summary>
/// Where a followed log stands, so that a new Docker stream (after the container restarted, or the old stream broke)
/// starts there without repeating a line or losing one. Docker stamps every line it read from the container at once
/// with the same time, and <c>since</c> includes that time; so the new stream starts at the last time seen and the
/// lines already seen at that time are skipped, by count.
/// </summary>
internal sealed class LogResumePoint
{
    private DateTimeOffset? _last;
    private int _seenAtLast;
    private int _toSkip;

    /// <summary>Records a delivered line.</summary>
    public void Seen(LogLine line)
    {
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
        return false;
    }
}
