using Portal.Engine.Logs;

namespace Portal.Engine.Tests.Integration;

/// <summary>One viewer of a container's log, as a test drives it: it takes the snapshot, then reads only when told.</summary>
internal sealed class LogSubscription : IAsyncDisposable
{
    private readonly CancellationTokenSource _cancel;
    private readonly IAsyncEnumerator<LogBatch> _batches;

    private LogSubscription(CancellationTokenSource cancel, IAsyncEnumerator<LogBatch> batches)
    {
        _cancel = cancel;
        _batches = batches;
    }

    public IReadOnlyList<LogLine> Snapshot { get; private set; } = [];

    /// <summary>Every line received, the snapshot's first.</summary>
    public List<LogLine> Lines { get; } = [];

    public List<LogBatch> Batches { get; } = [];

    public long Missed => Batches.Sum(b => b.Missed);

    /// <summary>True once the engine ended the sequence (the container is gone).</summary>
    public bool Ended { get; private set; }

    /// <summary>Follows the container and waits for the first batch (the snapshot of up to <paramref name="tail"/> lines).</summary>
    public static async Task<LogSubscription> StartAsync(IContainerLogs logs, string containerId, int tail, CancellationToken cancellationToken)
    {
        var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var subscription = new LogSubscription(cancel, logs.FollowAsync(containerId, tail, cancel.Token).GetAsyncEnumerator(cancel.Token));
        Assert.True(await subscription._batches.MoveNextAsync(), "The log ended before its first batch.");
        subscription.Snapshot = subscription._batches.Current.Lines;
        subscription.Lines.AddRange(subscription.Snapshot);
        return subscription;
    }

    /// <summary>Reads batches until <paramref name="done"/> holds for the lines so far (or the sequence ends).</summary>
    public async Task ReadUntilAsync(Func<List<LogLine>, bool> done, TimeSpan timeout, string what)
    {
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            while (!done(Lines) && !Ended)
            {
                if (!await _batches.MoveNextAsync().AsTask().WaitAsync(limit.Token))
                {
                    Ended = true;
                    break;
                }

                Batches.Add(_batches.Current);
                Lines.AddRange(_batches.Current.Lines);
            }
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested)
        {
            Assert.Fail($"{what} did not happen within {timeout.TotalSeconds:0} s; {Lines.Count} lines so far, the last: {Lines.LastOrDefault()?.Text}");
        }

        Assert.True(done(Lines), $"{what}: the log ended first; {Lines.Count} lines, the last: {Lines.LastOrDefault()?.Text}");
    }

    public Task ReadLinesAsync(int count, TimeSpan timeout) => ReadUntilAsync(lines => lines.Count >= count, timeout, $"{count} lines");

    /// <summary>Reads until the engine ends the sequence.</summary>
    public Task ReadToEndAsync(TimeSpan timeout) => ReadUntilAsync(_ => Ended, timeout, "the end of the log");

    /// <summary>Leaves, as a closed page does: cancels and lets the engine clean up.</summary>
    public async ValueTask DisposeAsync()
    {
        await _cancel.CancelAsync();
        try
        {
            await _batches.DisposeAsync();
        }
        catch (OperationCanceledException)
        {
            // Cancelled mid-read: that is how a viewer leaves.
        }

        _cancel.Dispose();
    }
}
