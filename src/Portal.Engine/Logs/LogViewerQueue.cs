using System.Threading.Channels;

namespace Portal.Engine.Logs;

/// <summary>
/// The lines waiting for one viewer. Bounded: when the viewer reads too slowly the oldest lines are dropped and
/// counted, and the next batch says how many it missed, so a stalled tab costs a fixed amount of memory.
/// </summary>
internal sealed class LogViewerQueue
{
    /// <summary>One batch stays a reasonable message for a browser however far behind the viewer is.</summary>
    internal const int MaxBatchLines = 1000;

    private readonly Channel<LogLine> _lines;
    private long _missed;

    public LogViewerQueue(int capacity)
    {
        _lines = Channel.CreateBounded<LogLine>(
            new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => Interlocked.Increment(ref _missed));
    }

    /// <summary>Queues a line; never blocks (the oldest goes when full).</summary>
    public void Write(LogLine line) => _lines.Writer.TryWrite(line);

    /// <summary>No more lines will come; the reader gets what is queued, then the end.</summary>
    public void Complete() => _lines.Writer.TryComplete();

    /// <summary>
    /// Waits for lines and returns all that have accumulated (up to <see cref="MaxBatchLines"/>) as one batch; null
    /// once the queue is complete and empty, or when <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    public async ValueTask<LogBatch?> ReadBatchAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (!await _lines.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }

        var lines = new List<LogLine>(Math.Min(_lines.Reader.Count, MaxBatchLines));
        while (lines.Count < MaxBatchLines && _lines.Reader.TryRead(out var line))
        {
            lines.Add(line);
        }

        return new LogBatch(lines, Interlocked.Exchange(ref _missed, 0));
    }
}
