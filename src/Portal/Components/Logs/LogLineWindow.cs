using Portal.Engine.Logs;

namespace Portal.Components.Logs;

/// <summary>The lines a viewer shows, oldest first, at most <c>capacity</c>: appending beyond it drops the oldest.</summary>
internal sealed class LogLineWindow
{
    private readonly List<LogLine> _lines = [];

    public LogLineWindow(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
    }

    public int Capacity { get; }

    public int Count => _lines.Count;

    public bool IsFull => _lines.Count == Capacity;

    /// <summary>The lines, for <c>Virtualize</c> (a list, so it reads a range by index).</summary>
    public ICollection<LogLine> Items => _lines;

    /// <summary>The newest line's sequence number; <c>null</c> while empty.</summary>
    public long? LastSequence => _lines.Count == 0 ? null : _lines[^1].Sequence;

    public void Append(IEnumerable<LogLine> lines)
    {
        _lines.AddRange(lines);
        var overflow = _lines.Count - Capacity;
        if (overflow > 0)
        {
            _lines.RemoveRange(0, overflow);
        }
    }

    public void Clear() => _lines.Clear();
}
