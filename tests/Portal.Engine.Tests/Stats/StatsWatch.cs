using Portal.Engine.Stats;

namespace Portal.Engine.Tests.Stats;

/// <summary>One watcher of a container's stats, read step by step with a deadline on every wait; disposing it leaves.</summary>
internal sealed class StatsWatch : IAsyncDisposable
{
    private readonly CancellationTokenSource _cts;
    private readonly IAsyncEnumerator<ContainerStatsUpdate> _updates;

    public StatsWatch(IContainerStats stats, string containerId, CancellationToken cancellationToken)
    {
        _cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _updates = stats.WatchAsync(containerId, _cts.Token).GetAsyncEnumerator(_cts.Token);
    }

    public List<ContainerStatsUpdate> Received { get; } = [];

    public IEnumerable<ContainerStatsSample> Samples => Received.SelectMany(u => u.Samples);

    /// <summary>The next update, or null when the sequence ended; fails after <paramref name="timeout"/>.</summary>
    public async Task<ContainerStatsUpdate?> NextAsync(TimeSpan timeout)
    {
        var next = _updates.MoveNextAsync().AsTask();
        var finished = await Task.WhenAny(next, Task.Delay(timeout, _cts.Token));
        Assert.True(finished == next, $"No stats update within {timeout.TotalSeconds:0.#} s; received {Received.Count} so far.");
        if (!await next)
        {
            return null;
        }

        Received.Add(_updates.Current);
        return _updates.Current;
    }

    /// <summary>Reads until an update satisfies <paramref name="done"/> and returns it; fails after <paramref name="timeout"/> overall.</summary>
    public async Task<ContainerStatsUpdate> UntilAsync(Func<ContainerStatsUpdate, bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            Assert.True(left > TimeSpan.Zero, $"{what} did not happen within {timeout.TotalSeconds:0.#} s; states seen: {string.Join(", ", Received.Select(u => u.State).Distinct())}.");
            var update = await NextAsync(left);
            Assert.True(update is not null, $"The stats ended before {what}.");
            if (done(update))
            {
                return update;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _cts.CancelAsync();
        await _updates.DisposeAsync();
        _cts.Dispose();
    }
}
