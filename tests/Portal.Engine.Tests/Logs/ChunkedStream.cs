namespace Portal.Engine.Tests.Logs;

/// <summary>A read-only stream that hands out its bytes in reads of the given sizes (cycled), like a socket might.</summary>
internal sealed class ChunkedStream(byte[] bytes, params int[] readSizes) : Stream
{
    private int _position;
    private int _reads;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => bytes.Length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var size = readSizes.Length == 0 ? count : readSizes[_reads++ % readSizes.Length];
        var n = Math.Min(Math.Min(size, count), bytes.Length - _position);
        Array.Copy(bytes, _position, buffer, offset, n);
        _position += n;
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer, offset, count));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var array = new byte[buffer.Length];
        var n = Read(array, 0, array.Length);
        array.AsSpan(0, n).CopyTo(buffer.Span);
        return ValueTask.FromResult(n);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
