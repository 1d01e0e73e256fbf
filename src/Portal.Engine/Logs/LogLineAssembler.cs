using System.Text;

namespace Portal.Engine.Logs;

/// <summary>
/// Turns the bytes of one of a container's output streams (stdout or stderr), read from Docker with
/// <c>timestamps=true</c>, into lines. Each read may end anywhere: in a timestamp, in a UTF-8 sequence, between
/// <c>\r</c> and <c>\n</c>. Docker splits lines longer than 16 KiB into several messages, each with its own
/// timestamp; a read that starts with a timestamp while a line is open is such a continuation, and its timestamp is
/// dropped. Lines are capped at the maximum length (the rest is skipped without being kept), invalid UTF-8 becomes
/// U+FFFD, and trailing carriage returns (CRLF, a TTY's CR CR LF) are removed. Nothing here throws on odd input.
/// </summary>
internal sealed class LogLineAssembler
{
    private const int InitialCapacity = 256;

    /// <summary>Replaces invalid bytes with U+FFFD instead of throwing.</summary>
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    private readonly LogStreamKind _stream;
    private readonly int _maxLineLength;
    private readonly Func<DateTimeOffset> _now;
    private readonly Decoder _decoder = Utf8.GetDecoder();
    private readonly byte[] _header = new byte[DockerTimestamp.MaxLength];
    private int _headerLength;
    private HeaderState _headerState = HeaderState.LineStart;

    // Room for the cap, a TTY's trailing CR CR, and the two chars Decoder.Convert needs for a surrogate pair: a line
    // that still has bytes once this is full is over the cap.
    private char[] _line;
    private int _lineLength;
    private bool _lineOpen;
    private bool _overflow;
    private DateTimeOffset _timestamp;

    public LogLineAssembler(LogStreamKind stream, int maxLineLength, Func<DateTimeOffset> now)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineLength, 1);
        _stream = stream;
        _maxLineLength = maxLineLength;
        _now = now;
        _line = new char[Math.Min(InitialCapacity, Capacity)];
    }

    private enum HeaderState
    {
        /// <summary>Reading text.</summary>
        None,

        /// <summary>At the start of a line: its timestamp comes first.</summary>
        LineStart,

        /// <summary>A read started while a line was open: maybe a continuation message's timestamp.</summary>
        Continuation,
    }

    private int Capacity => _maxLineLength + 4;

    /// <summary>Adds one read's bytes; complete lines are appended to <paramref name="lines"/> (with sequence 0).</summary>
    public void Append(ReadOnlySpan<byte> read, List<LogLine> lines)
    {
        if (_lineOpen && _headerState == HeaderState.None)
        {
            _headerState = HeaderState.Continuation;
        }

        while (!read.IsEmpty)
        {
            if (_headerState != HeaderState.None)
            {
                read = ReadHeader(read);
                continue;
            }

            var newline = read.IndexOf((byte)'\n');
            if (newline < 0)
            {
                AppendText(read);
                return;
            }

            AppendText(read[..newline]);
            EndLine(lines);
            read = read[(newline + 1)..];
        }
    }

    /// <summary>The stream ended: an open line is complete as it is.</summary>
    public void Complete(List<LogLine> lines)
    {
        if (_headerState != HeaderState.None && _headerLength > 0)
        {
            NotAHeader();
        }

        if (_lineOpen && (_lineLength > 0 || _overflow))
        {
            EndLine(lines);
        }

        Reset();
    }

    private ReadOnlySpan<byte> ReadHeader(ReadOnlySpan<byte> read)
    {
        while (!read.IsEmpty)
        {
            var next = read[0];
            if (next == (byte)' ' && DockerTimestamp.TryParse(_header.AsSpan(0, _headerLength), out var timestamp))
            {
                if (_headerState == HeaderState.LineStart)
                {
                    _timestamp = timestamp;
                    _lineOpen = true;
                }

                _headerState = HeaderState.None;
                _headerLength = 0;
                return read[1..];
            }

            if (!DockerTimestamp.CanContinue(_headerLength, next))
            {
                // Not a timestamp after all: what was held back is text, and so is this byte (left in the read).
                NotAHeader();
                return read;
            }

            _header[_headerLength++] = next;
            read = read[1..];
        }

        return read;
    }

    private void NotAHeader()
    {
        if (_headerState == HeaderState.LineStart)
        {
            // Docker always sends a timestamp; should it not, the line still shows, stamped on arrival.
            _timestamp = _now();
            _lineOpen = true;
        }

        _headerState = HeaderState.None;
        var held = _headerLength;
        _headerLength = 0;
        AppendText(_header.AsSpan(0, held));
    }

    private void AppendText(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty || _overflow)
        {
            return;
        }

        while (!bytes.IsEmpty)
        {
            if (_line.Length - _lineLength < 2 && !Grow())
            {
                // Over the cap: the rest of this line is skipped, so a line without end costs nothing more.
                _overflow = true;
                return;
            }

            _decoder.Convert(bytes, _line.AsSpan(_lineLength), flush: false, out var bytesUsed, out var charsUsed, out _);
            _lineLength += charsUsed;
            bytes = bytes[bytesUsed..];
        }
    }

    private bool Grow()
    {
        if (_line.Length >= Capacity)
        {
            return false;
        }

        Array.Resize(ref _line, (int)Math.Min(Capacity, _line.Length * 2L));
        return true;
    }

    private void EndLine(List<LogLine> lines)
    {
        // A UTF-8 sequence cut off by the line's end becomes U+FFFD (unless the line is over the cap anyway).
        if (!_overflow && (_line.Length - _lineLength >= 2 || Grow()))
        {
            _decoder.Convert(ReadOnlySpan<byte>.Empty, _line.AsSpan(_lineLength), flush: true, out _, out var charsUsed, out _);
            _lineLength += charsUsed;
        }

        var length = _lineLength;
        while (length > 0 && _line[length - 1] == '\r')
        {
            length--;
        }

        var truncated = _overflow || length > _maxLineLength;
        if (truncated)
        {
            length = Math.Min(length, _maxLineLength);
            if (length > 0 && char.IsHighSurrogate(_line[length - 1]))
            {
                length--;
            }
        }

        var text = truncated
            ? string.Concat(_line.AsSpan(0, length), LogLimits.TruncationMarker)
            : new string(_line, 0, length);
        lines.Add(new LogLine(0, _lineOpen ? _timestamp : _now(), _stream, text));
        Reset();
    }

    private void Reset()
    {
        _lineLength = 0;
        _lineOpen = false;
        _overflow = false;
        _headerLength = 0;
        _headerState = HeaderState.LineStart;
        _decoder.Reset();
    }
}
