using System.Threading.Channels;
using Portal.Engine.Logs;

namespace Portal.Components.Logs;

/// <summary>
/// Lines a viewer received but has not rendered yet: the follow loop adds batches from any thread, the render loop
/// takes them at most every render interval. Bounded like the view itself: once it holds <c>capacity</c> lines the
/// oldest go, since the view would drop them on the next render anyway.
/// </summary>
internal sealed class PendingLogLines
{
    private readonly Lock _gate = new();
    private readonly Queue<LogLine> _lines = new();
    private readonly int _capacity;

    // One wake-up at most: however many batches arrive between two renders, the render loop wakes once.
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    private long _arrived;
    private long _missed;

    public PendingLogLines(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
    }

    /// <summary>Lines added since they were last taken, counting those that no longer fit.</summary>
    public long Arrived
    {
        get
        {
            lock (_gate)
            {
                return _arrived;
            }
        }
    }

    public void Add(LogBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Lines.Count == 0 && batch.Missed == 0)
        {
            return;
        }

        lock (_gate)
        {
            // A batch larger than the capacity only contributes its newest lines.
            foreach (var line in batch.Lines.Skip(Math.Max(0, batch.Lines.Count - _capacity)))
            {
                if (_lines.Count == _capacity)
                {
                    _lines.Dequeue();
                }

                _lines.Enqueue(line);
            }

            _arrived += batch.Lines.Count;
            _missed += batch.Missed;
        }

        _wake.Writer.TryWrite(true);
    }

    /// <summary>The waiting lines, oldest first; empties the queue and resets <see cref="Arrived"/>.</summary>
    public IReadOnlyList<LogLine> TakeLines()
    {
        lock (_gate)
        {
            var lines = _lines.ToArray();
            _lines.Clear();
            _arrived = 0;
            return lines;
        }
    }

    /// <summary>The lines the engine reported as missed since the last call (the viewer read too slowly).</summary>
    public long TakeMissed()
    {
        lock (_gate)
        {
            var missed = _missed;
            _missed = 0;
            return missed;
        }
    }

    /// <summary>Waits until something was added since the last wait returned.</summary>
    public async Task WaitAsync(CancellationToken cancellationToken) => await _wake.Reader.ReadAsync(cancellationToken);
}
