using System.Threading.Channels;
using Portal.Engine.Terminals;

namespace Portal.Engine.Tests.Terminals;

/// <summary>
/// A terminal process driven by the test: output is whatever the test writes (or an endless flood of 'y'), input
/// and resizes are recorded, and terminating it ends its output like a hung-up shell.
/// </summary>
internal sealed class FakeTerminalProcess : ITerminalProcess
{
    private readonly Channel<byte[]> _output = Channel.CreateUnbounded<byte[]>();
    private readonly Lock _gate = new();
    private readonly List<byte> _input = [];
    private byte[]? _pending;
    private int _pendingOffset;

    public string ExecId { get; } = "fake-" + Guid.NewGuid().ToString("N");

    /// <summary>Print 'y\n' forever, like <c>yes</c>, until terminated.</summary>
    public bool Flood { get; set; }

    public long? ExitCode { get; set; }

    public bool Terminated { get; private set; }

    public bool Disposed { get; private set; }

    public List<TerminalSize> Sizes { get; } = [];

    public byte[] Input
    {
        get
        {
            lock (_gate)
            {
                return [.. _input];
            }
        }
    }

    public void Print(string text) => _output.Writer.TryWrite(System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>The process exits by itself with <paramref name="code"/>.</summary>
    public void Exit(long code)
    {
        ExitCode = code;
        _output.Writer.TryComplete();
    }

    public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        if (Flood && !Terminated)
        {
            for (var i = 0; i < buffer.Length; i++)
            {
                buffer.Span[i] = (byte)(i % 2 == 0 ? 'y' : '\n');
            }

            await Task.Yield();
            return buffer.Length;
        }

        if (_pending is null)
        {
            if (!await _output.Reader.WaitToReadAsync(cancellationToken) || !_output.Reader.TryRead(out _pending))
            {
                return 0;
            }

            _pendingOffset = 0;
        }

        var count = Math.Min(buffer.Length, _pending.Length - _pendingOffset);
        _pending.AsSpan(_pendingOffset, count).CopyTo(buffer.Span);
        _pendingOffset += count;
        if (_pendingOffset == _pending.Length)
        {
            _pending = null;
        }

        return count;
    }

    public Task WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _input.AddRange(data.ToArray());
        }

        return Task.CompletedTask;
    }

    public Task ResizeAsync(TerminalSize size, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Sizes.Add(size);
        }

        return Task.CompletedTask;
    }

    public Task<long?> GetExitCodeAsync(CancellationToken cancellationToken) => Task.FromResult(ExitCode);

    public Task TerminateAsync(CancellationToken cancellationToken)
    {
        Terminated = true;
        ExitCode ??= 129;
        _output.Writer.TryComplete();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        Disposed = true;
        _output.Writer.TryComplete();
    }
}
