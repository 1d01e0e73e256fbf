using Portal.Engine.Common;

namespace Portal.Engine.Tests.Unit;

public sealed class LatestValueBroadcasterTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task WatchAsync_FirstYieldsSnapshot_ThenPublishedValues()
    {
        var broadcaster = new LatestValueBroadcaster<string>("first");
        using var cts = new CancellationTokenSource(Timeout);
        await using var watch = broadcaster.WatchAsync(cts.Token).GetAsyncEnumerator(cts.Token);

        Assert.True(await watch.MoveNextAsync());
        Assert.Equal("first", watch.Current);

        broadcaster.Publish("second");
        Assert.True(await watch.MoveNextAsync());
        Assert.Equal("second", watch.Current);
    }

    [Fact]
    public async Task WatchAsync_SlowReader_SeesOnlyTheLatestValue()
    {
        var broadcaster = new LatestValueBroadcaster<string>("0");
        using var cts = new CancellationTokenSource(Timeout);
        await using var watch = broadcaster.WatchAsync(cts.Token).GetAsyncEnumerator(cts.Token);
        Assert.True(await watch.MoveNextAsync());

        for (var i = 1; i <= 1000; i++)
        {
            broadcaster.Publish(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.True(await watch.MoveNextAsync());
        Assert.Equal("1000", watch.Current);
    }

    [Fact]
    public async Task WatchAsync_Cancelled_EndsAndRemovesSubscriber()
    {
        var broadcaster = new LatestValueBroadcaster<string>("x");
        using var cts = new CancellationTokenSource(Timeout);
        var seen = new List<string>();
        var reader = Task.Run(async () =>
        {
            await foreach (var value in broadcaster.WatchAsync(cts.Token))
            {
                seen.Add(value);
            }
        });

        var deadline = DateTime.UtcNow + Timeout;
        while (broadcaster.SubscriberCount == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "The reader never subscribed.");
            await Task.Delay(5);
        }

        await cts.CancelAsync();
        await reader.WaitAsync(Timeout);
        Assert.Equal(0, broadcaster.SubscriberCount);
        Assert.Equal("x", seen[0]);
    }
}
