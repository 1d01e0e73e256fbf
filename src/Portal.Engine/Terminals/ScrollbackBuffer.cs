namespace Portal.Engine.Terminals;

/// <summary>
/// The last <see cref="Capacity"/> bytes a terminal printed, kept so a browser that reconnects sees what it missed.
/// A fixed array used as a ring: appending never allocates, so a flood of output costs the same memory as a
/// quiet shell. Not thread-safe; the session appends and snapshots under its own lock, which is also what keeps a
/// replay and the live output after it from overlapping.
/// </summary>
public sealed class ScrollbackBuffer
{
    private readonly byte[] _buffer;
    private int _start;
    private int _length;

    public ScrollbackBuffer(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _buffer = new byte[capacity];
    }

    public int Capacity => _buffer.Length;

    /// <summary>How many bytes are kept now (at most <see cref="Capacity"/>).</summary>
    public int Length => _length;

    /// <summary>Every byte ever appended, kept or not.</summary>
    public long TotalAppended { get; private set; }

    /// <summary>True once older output was overwritten, so the kept bytes may start inside a character.</summary>
    public bool HasDropped => TotalAppended > _length;

    public void Append(ReadOnlySpan<byte> data)
    {
        TotalAppended += data.Length;
        if (data.Length >= _buffer.Length)
        {
            // Only the tail survives; keep it at the front so the next append starts from a simple state.
            data[^_buffer.Length..].CopyTo(_buffer);
            _start = 0;
            _length = _buffer.Length;
            return;
        }

        var end = (_start + _length) % _buffer.Length;
        var first = Math.Min(data.Length, _buffer.Length - end);
        data[..first].CopyTo(_buffer.AsSpan(end));
        data[first..].CopyTo(_buffer);

        var overflow = _length + data.Length - _buffer.Length;
        if (overflow > 0)
        {
            _start = (_start + overflow) % _buffer.Length;
            _length = _buffer.Length;
        }
        else
        {
            _length += data.Length;
        }
    }

    /// <summary>
    /// A copy of the kept bytes, oldest first. When older output was dropped, UTF-8 continuation bytes at the front
    /// (the rest of a character whose start was overwritten) are skipped, so a replay does not begin with a
    /// replacement character. Output that is not UTF-8 at all is returned as it is.
    /// </summary>
    public byte[] Snapshot()
    {
        var skip = 0;
        if (HasDropped)
        {
            // A UTF-8 character has at most three continuation bytes.
            while (skip < 3 && skip < _length && IsContinuationByte(this[skip]))
            {
                skip++;
            }
        }

        var result = new byte[_length - skip];
        var from = (_start + skip) % _buffer.Length;
        var first = Math.Min(result.Length, _buffer.Length - from);
        _buffer.AsSpan(from, first).CopyTo(result);
        _buffer.AsSpan(0, result.Length - first).CopyTo(result.AsSpan(first));
        return result;
    }

    private byte this[int index] => _buffer[(_start + index) % _buffer.Length];

    private static bool IsContinuationByte(byte value) => (value & 0b1100_0000) == 0b1000_0000;
}
