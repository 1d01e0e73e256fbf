using Portal.Engine.Logs;

namespace Portal.Engine.Tests.Logs;

public sealed class LogViewerQueueTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static LogLine Line(long sequence) => new(sequence, DateTimeOffset.UnixEpoch, LogStreamKind.Stdout, $"line-{sequence}");

    [Fact]
    public async Task ReadBatchAsync_LinesWaiting_ReturnsThemAllAsOneBatch()
    {
        var queue = new LogViewerQueue(100);
        for (var i = 1; i <= 7; i++)
        {
            queue.Write(Line(i));
        }

        var batch = await queue.ReadBatchAsync(CancellationToken.None).AsTask().WaitAsync(Timeout);

        Assert.NotNull(batch);
        Assert.Equal([1L, 2, 3, 4, 5, 6, 7], batch.Lines.Select(l => l.Sequence));
        Assert.Equal(0, batch.Missed);
    }

    [Fact]
    public async Task Write_SlowReader_DropsTheOldestAndCountsThem()
    {
        var queue = new LogViewerQueue(10);
        for (var i = 1; i <= 25; i++)
        {
            queue.Write(Line(i));
        }

        var batch = await queue.ReadBatchAsync(CancellationToken.None).AsTask().WaitAsync(Timeout);
        queue.Write(Line(26));
        var next = await queue.ReadBatchAsync(CancellationToken.None).AsTask().WaitAsync(Timeout);

        Assert.NotNull(batch);
        Assert.Equal(Enumerable.Range(16, 10).Select(i => (long)i), batch.Lines.Select(l => l.Sequence));
        Assert.Equal(15, batch.Missed);
        Assert.NotNull(next);
        Assert.Equal(0, next.Missed);
    }

    [Fact]
    public async Task ReadBatchAsync_ManyWaiting_CapsTheBatch()
    {
        var queue = new LogViewerQueue(5000);
        for (var i = 1; i <= LogViewerQueue.MaxBatchLines + 5; i++)
        {
            queue.Write(Line(i));
        }

        var first = await queue.ReadBatchAsync(CancellationToken.None).AsTask().WaitAsync(Timeout);
        var second = await queue.ReadBatchAsync(CancellationToken.None).AsTask().WaitAsync(Timeout);

        Assert.Equal(LogViewerQueue.MaxBatchLines, first!.Lines.Count);
        Assert.Equal(5, second!.Lines.Count);
    }

    [Fact]
    public async Task ReadBatchAsync_Completed_ReturnsWhatIsLeftThenNull()
    {
        var queue = new LogViewerQueue(10);
        queue.Write(Line(1));
        queue.Complete();

        var last = await queue.ReadBatchAsync(CancellationToken.None).AsTask().WaitAsync(Timeout);
        var end = await queue.ReadBatchAsync(CancellationToken.None).AsTask().WaitAsync(Timeout);

        Assert.Equal([1L], last!.Lines.Select(l => l.Sequence));
        Assert.Null(end);
    }

    [Fact]
    public async Task ReadBatchAsync_Cancelled_ReturnsNull()
    {
        var queue = new LogViewerQueue(10);
        using var cts = new CancellationTokenSource();

        var read = queue.ReadBatchAsync(cts.Token).AsTask();
        await cts.CancelAsync();

        Assert.Null(await read.WaitAsync(Timeout));
    }
}
