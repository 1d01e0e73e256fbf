using System.Text;
using Portal.Engine.Terminals;

namespace Portal.Engine.Tests.Terminals;

public sealed class TerminalOutputQueueTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ReadAsync_CoalescesWritesInOrder()
    {
        var queue = new TerminalOutputQueue(16);
        using var cts = new CancellationTokenSource(Timeout);
        Assert.True(await queue.WriteAsync("abc"u8.ToArray(), cts.Token));
        Assert.True(await queue.WriteAsync("def"u8.ToArray(), cts.Token));

        var buffer = new byte[16];
        var count = await queue.ReadAsync(buffer, cts.Token);

        Assert.Equal("abcdef", Encoding.ASCII.GetString(buffer, 0, count));
        Assert.Equal(0, queue.BufferedBytes);
    }

    [Fact]
    public async Task WriteAsync_Full_WaitsUntilTheReaderMakesRoom()
    {
        var queue = new TerminalOutputQueue(8);
        using var cts = new CancellationTokenSource(Timeout);
        Assert.True(await queue.WriteAsync("123456"u8.ToArray(), cts.Token));

        var blocked = queue.WriteAsync("7890"u8.ToArray(), cts.Token).AsTask();
        await Task.Delay(50);
        Assert.False(blocked.IsCompleted);
        Assert.Equal(6, queue.BufferedBytes);

        var buffer = new byte[4];
        Assert.Equal(4, await queue.ReadAsync(buffer, cts.Token));
        Assert.True(await blocked.WaitAsync(Timeout));
        var rest = new byte[8];
        var count = await queue.ReadAsync(rest, cts.Token);
        Assert.Equal("567890", Encoding.ASCII.GetString(rest, 0, count));
        Assert.Equal(6, queue.PeakBufferedBytes);
    }

    [Fact]
    public async Task WriteAsync_WrapsAroundTheRing()
    {
        var queue = new TerminalOutputQueue(5);
        using var cts = new CancellationTokenSource(Timeout);
        var buffer = new byte[5];
        var received = new StringBuilder();

        foreach (var piece in new[] { "abc", "de", "fgh", "ij", "klmno" })
        {
            Assert.True(await queue.WriteAsync(Encoding.ASCII.GetBytes(piece), cts.Token));
            var count = await queue.ReadAsync(buffer, cts.Token);
            received.Append(Encoding.ASCII.GetString(buffer, 0, count));
        }

        Assert.Equal("abcdefghijklmno", received.ToString());
    }

    [Fact]
    public async Task Complete_Discard_ReleasesAWaitingWriterAndEndsTheReader()
    {
        var queue = new TerminalOutputQueue(4);
        using var cts = new CancellationTokenSource(Timeout);
        Assert.True(await queue.WriteAsync("1234"u8.ToArray(), cts.Token));
        var blocked = queue.WriteAsync("5"u8.ToArray(), cts.Token).AsTask();

        queue.Complete(discard: true);

        Assert.False(await blocked.WaitAsync(Timeout));
        Assert.Equal(0, await queue.ReadAsync(new byte[4], cts.Token));
        Assert.False(await queue.WriteAsync("6"u8.ToArray(), cts.Token));
    }

    [Fact]
    public async Task Complete_Keep_LetsTheReaderDrainFirst()
    {
        var queue = new TerminalOutputQueue(8);
        using var cts = new CancellationTokenSource(Timeout);
        Assert.True(await queue.WriteAsync("tail"u8.ToArray(), cts.Token));

        queue.Complete(discard: false);

        var buffer = new byte[8];
        Assert.Equal(4, await queue.ReadAsync(buffer, cts.Token));
        Assert.Equal(0, await queue.ReadAsync(buffer, cts.Token));
    }

    [Fact]
    public async Task ReadAsync_Empty_WaitsForAWrite()
    {
        var queue = new TerminalOutputQueue(8);
        using var cts = new CancellationTokenSource(Timeout);
        var buffer = new byte[8];

        var read = queue.ReadAsync(buffer, cts.Token).AsTask();
        await Task.Delay(50);
        Assert.False(read.IsCompleted);
        Assert.True(await queue.WriteAsync("x"u8.ToArray(), cts.Token));

        Assert.Equal(1, await read.WaitAsync(Timeout));
    }

    [Fact]
    public async Task WriteAsync_LargerThanTheQueue_Throws()
    {
        var queue = new TerminalOutputQueue(4);

        await Assert.ThrowsAsync<ArgumentException>(async () => await queue.WriteAsync(new byte[5], CancellationToken.None));
    }
}
