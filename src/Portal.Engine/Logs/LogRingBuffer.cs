namespace Portal.Engine.Logs;

/// <summary>The most recent lines of a followed container, oldest first. Not thread-safe: its follower locks around it.</summary>
internal sealed class LogRingBuffer
{
    private readonly LogLine[] _lines;
    private int _start;
    private int _count;

    public LogRingBuffer(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _lines = new LogLine[capacity];
    }

    public int Count => _count;

    public int Capacity => _lines.Length;

    /// <summary>Adds a line, dropping the oldest when full.</summary>
    public void Add(LogLine line)
    {
        if (_count < _lines.Length)
        {
            _lines[(_start + _count) % _lines.Length] = line;
            _count++;
            return;
        }

        _lines[_start] = line;
        _start = (_start + 1) % _lines.Length;
    }

    /// <summary>The last <paramref name="count"/> lines (fewer when there are fewer), oldest first.</summary>
    public IReadOnlyList<LogLine> Tail(int count)
    {
        var take = Math.Clamp(count, 0, _count);
        var tail = new LogLine[take];
        for (var i = 0; i < take; i++)
        {
            tail[i] = this[_count - take + i];
        }

        return tail;
    }

    /// <summary>
    /// Lines containing <paramref name="text"/> (ordinal, ignoring case), oldest first; the newest
    /// <paramref name="limit"/> when more match.
    /// </summary>
    public IReadOnlyList<LogLine> Search(string text, int limit)
    {
        var found = new List<LogLine>();
        for (var i = _count - 1; i >= 0 && found.Count < limit; i--)
        {
            var line = this[i];
            if (line.Text.Contains(text, StringComparison.OrdinalIgnoreCase))
            {
                found.Add(line);
            }
        }

        found.Reverse();
        return found;
    }

    private LogLine this[int index] => _lines[(_start + index) % _lines.Length];
}
