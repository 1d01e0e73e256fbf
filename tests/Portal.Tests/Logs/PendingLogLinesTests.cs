using Portal.Components.Logs;
using Portal.Engine.Logs;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Logs;

public sealed class PendingLogLinesTests
{
    [Fact]
    public void TakeLines_AfterBatches_AllInOrderThenNothing()
    {
        var pending = new PendingLogLines(capacity: 10);
        pending.Add(Batch(1, 2));
        pending.Add(Batch(3));

        Assert.Equal(3, pending.Arrived);
        Assert.Equal([1L, 2L, 3L], pending.TakeLines().Select(line => line.Sequence));
        Assert.Empty(pending.TakeLines());
        Assert.Equal(0, pending.Arrived);
    }

    [Fact]
    public void Add_BeyondCapacity_KeepsTheNewestAndCountsEveryArrival()
    {
        var pending = new PendingLogLines(capacity: 3);
        pending.Add(Batch(1, 2));
        pending.Add(Batch(3, 4, 5, 6, 7));

        Assert.Equal(7, pending.Arrived);
        Assert.Equal([5L, 6L, 7L], pending.TakeLines().Select(line => line.Sequence));
    }

    [Fact]
    public void TakeMissed_SumsBatchesSinceTheLastCall()
    {
        var pending = new PendingLogLines(capacity: 10);
        pending.Add(new LogBatch([], Missed: 5));
        pending.Add(new LogBatch([Line(9)], Missed: 7));

        Assert.Equal(12, pending.TakeMissed());
        Assert.Equal(0, pending.TakeMissed());
        Assert.Single(pending.TakeLines());
    }

    [Fact]
    public async Task WaitAsync_ManyBatches_WakesOnceForThem()
    {
        var pending = new PendingLogLines(capacity: 10);
        pending.Add(Batch(1));
        pending.Add(Batch(2));
        pending.Add(Batch(3));

        await pending.WaitAsync(TestTimeout.Token()).WithTimeout();

        using var cancellation = new CancellationTokenSource();
        var next = pending.WaitAsync(cancellation.Token);
        Assert.False(next.IsCompleted);
        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next).WithTimeout();
    }

    [Fact]
    public async Task WaitAsync_BatchWhileWaiting_Wakes()
    {
        var pending = new PendingLogLines(capacity: 10);
        var waiting = pending.WaitAsync(TestTimeout.Token());
        Assert.False(waiting.IsCompleted);

        pending.Add(Batch(1));

        await waiting.WithTimeout();
    }

    [Fact]
    public async Task WaitAsync_EmptyBatch_DoesNotWake()
    {
        var pending = new PendingLogLines(capacity: 10);
        using var cancellation = new CancellationTokenSource();
        var waiting = pending.WaitAsync(cancellation.Token);

        pending.Add(LogBatch.Empty);

        Assert.False(waiting.IsCompleted);
        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting).WithTimeout();
    }

    private static LogBatch Batch(params long[] sequences) => new([.. sequences.Select(Line)], 0);

    private static LogLine Line(long sequence) => new(sequence, DateTimeOffset.UnixEpoch, LogStreamKind.Stdout, $"line {sequence}");
}
