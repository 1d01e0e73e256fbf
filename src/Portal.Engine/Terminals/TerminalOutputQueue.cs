namespace Portal.Engine.Terminals;

/// <summary>
/// Output on its way to one browser: a fixed ring of bytes between the session's read pump and the socket. A
/// writer waits while the ring has no room, which is the whole of the flow control: the pump stops reading from
/// Docker, Docker stops reading the terminal, and the process in the container blocks on its writes. Memory stays
/// at <see cref="Capacity"/> whatever the process prints. Safe to use from any thread; one writer and one reader
/// at a time. A waiting reader is woken inline (signals are raised outside the lock), so a keystroke's echo goes from
/// the pump to the socket without an extra hop through the thread pool; its work is bounded by what is queued. A
/// waiting writer is woken through the thread pool instead: the pump, once running, reads for as long as Docker has
/// output, and must not do that on the thread of whoever made room (a detaching socket, a new attach).
/// </summary>
public sealed class TerminalOutputQueue
{
    private readonly Lock _gate = new();
    private readonly byte[] _buffer;
    private int _start;
    private int _length;
    private bool _completed;
    private long _peak;
    private TaskCompletionSource? _readable;
    private TaskCompletionSource? _writable;

    public TerminalOutputQueue(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _buffer = new byte[capacity];
    }

    public int Capacity => _buffer.Length;

    /// <summary>Bytes waiting to be read now.</summary>
    public int BufferedBytes
    {
        get
        {
            lock (_gate)
            {
                return _length;
            }
        }
    }

    /// <summary>The most bytes that ever waited at once; never more than <see cref="Capacity"/>.</summary>
    public long PeakBufferedBytes
    {
        get
        {
            lock (_gate)
            {
                return _peak;
            }
        }
    }

    public bool IsCompleted
    {
        get
        {
            lock (_gate)
            {
                return _completed;
            }
        }
    }

    /// <summary>
    /// Copies <paramref name="data"/> in, waiting until it fits. Returns false, dropping the data, once the queue
    /// was completed (the browser left or another one took over); the caller then stops sending here.
    /// </summary>
    public async ValueTask<bool> WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (data.Length > _buffer.Length)
        {
            throw new ArgumentException($"A write of {data.Length} bytes can never fit a queue of {_buffer.Length}.", nameof(data));
        }

        while (true)
        {
            Task wait;
            TaskCompletionSource? readable;
            lock (_gate)
            {
                if (_completed)
                {
                    return false;
                }

                if (_buffer.Length - _length >= data.Length)
                {
                    var end = (_start + _length) % _buffer.Length;
                    var first = Math.Min(data.Length, _buffer.Length - end);
                    data.Span[..first].CopyTo(_buffer.AsSpan(end));
                    data.Span[first..].CopyTo(_buffer);
                    _length += data.Length;
                    _peak = Math.Max(_peak, _length);
                    readable = _readable;
                    _readable = null;
                    wait = Task.CompletedTask;
                }
                else
                {
                    _writable ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    wait = _writable.Task;
                    readable = null;
                }
            }

            if (wait.IsCompleted)
            {
                readable?.TrySetResult();
                return true;
            }

            await WaitAsync(wait, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Copies as many waiting bytes as fit into <paramref name="destination"/>, waiting for some when there are none.
    /// Returns 0 once the queue is completed and empty.
    /// </summary>
    public async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        if (destination.IsEmpty)
        {
            throw new ArgumentException("The destination is empty.", nameof(destination));
        }

        while (true)
        {
            Task wait;
            TaskCompletionSource? writable = null;
            var count = 0;
            lock (_gate)
            {
                if (_length > 0)
                {
                    count = Math.Min(destination.Length, _length);
                    var first = Math.Min(count, _buffer.Length - _start);
                    _buffer.AsSpan(_start, first).CopyTo(destination.Span);
                    _buffer.AsSpan(0, count - first).CopyTo(destination.Span[first..]);
                    _start = (_start + count) % _buffer.Length;
                    _length -= count;
                    writable = _writable;
                    _writable = null;
                    wait = Task.CompletedTask;
                }
                else if (_completed)
                {
                    return 0;
                }
                else
                {
                    _readable ??= new TaskCompletionSource();
                    wait = _readable.Task;
                }
            }

            if (count > 0)
            {
                writable?.TrySetResult();
                return count;
            }

            await WaitAsync(wait, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Ends the queue: later writes return false and a waiting writer is released. With <paramref name="discard"/>
    /// the waiting bytes are dropped (the reader is gone or superseded); without it the reader still gets them,
    /// then 0.
    /// </summary>
    public void Complete(bool discard)
    {
        TaskCompletionSource? readable;
        TaskCompletionSource? writable;
        lock (_gate)
        {
            _completed = true;
            if (discard)
            {
                _start = 0;
                _length = 0;
            }

            readable = _readable;
            writable = _writable;
            _readable = null;
            _writable = null;
        }

        readable?.TrySetResult();
        writable?.TrySetResult();
    }

    private static Task WaitAsync(Task wait, CancellationToken cancellationToken) =>
        cancellationToken.CanBeCanceled ? wait.WaitAsync(cancellationToken) : wait;
}
