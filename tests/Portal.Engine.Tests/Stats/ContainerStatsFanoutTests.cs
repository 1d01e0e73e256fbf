using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Engine.Stats;
using Portal.Engine.Tests.Integration;

namespace Portal.Engine.Tests.Stats;

/// <summary>Live stats from the real Docker engine: one stream per container, shared, and closed when nobody watches.</summary>
public sealed class ContainerStatsFanoutTests(DockerFixture docker) : IClassFixture<DockerFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    /// <summary>Docker sends a frame a second; "a few samples" with room for a machine busy building.</summary>
    private static readonly TimeSpan FewSamples = TimeSpan.FromSeconds(20);

    private static readonly string[] BusyLoop = ["sh", "-c", "while :; do :; done"];

    private static readonly string[] Sleep = ["sleep", "300"];

    [Fact]
    public async Task WatchAsync_BusyLoop_ShowsCpuAboveZeroWithinAFewSamples()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var container = await TestContainer.CreateAsync(docker, BusyLoop, null, start: true, cts.Token);
        var id = container.Id;
        await using var stats = Fanout();
        await using var watch = new StatsWatch(stats, id, cts.Token);

        var snapshot = await watch.NextAsync(FewSamples);
        var busy = await watch.UntilAsync(u => u.Samples.Any(s => s.CpuPercent > 0), FewSamples, "a sample with CPU above 0 %");

        Assert.True(snapshot!.IsSnapshot);
        Assert.Equal(ContainerStatsState.Running, busy.State);
        var sample = busy.Samples[^1];
        Assert.InRange(sample.CpuPercent!.Value, 1, 100.0 * sample.OnlineCpus + 1);
        Assert.True(sample.MemoryUsedBytes > 0);
        Assert.True(sample.Pids >= 1);
    }

    [Fact]
    public async Task WatchAsync_MemoryLimitSet_ReportsThatLimit()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var container = await TestContainer.CreateAsync(docker, Sleep, 96, start: true, cts.Token);
        var id = container.Id;
        await using var stats = Fanout();
        await using var watch = new StatsWatch(stats, id, cts.Token);

        var update = await watch.UntilAsync(u => u.Samples.Count > 0, FewSamples, "a sample");

        Assert.Equal(96L * 1024 * 1024, update.Samples[0].MemoryLimitBytes);
        Assert.InRange(update.Samples[0].MemoryUsedBytes, 1, 96L * 1024 * 1024);
    }

    [Fact]
    public async Task WatchAsync_TwoWatchers_ShareOneDockerStream()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var container = await TestContainer.CreateAsync(docker, Sleep, null, start: true, cts.Token);
        var id = container.Id;
        await using var stats = Fanout(lingerSeconds: 30);
        await using var first = new StatsWatch(stats, id, cts.Token);
        await using var second = new StatsWatch(stats, id, cts.Token);

        await first.UntilAsync(u => u.Samples.Count > 0, FewSamples, "a sample for the first watcher");
        await second.UntilAsync(u => u.Samples.Count > 0, FewSamples, "a sample for the second watcher");

        Assert.Equal(1, stats.StreamsOpened);
        Assert.Equal(2, stats.WatcherCount(id));
        Assert.True(stats.IsFollowing(id));
        // Both see the same readings: one stream, not two.
        var seenByFirst = first.Samples.Select(s => s.ReadAt).ToHashSet();
        Assert.Contains(second.Samples, s => seenByFirst.Contains(s.ReadAt));
    }

    [Fact]
    public async Task WatchAsync_LastWatcherLeaves_StreamStopsAfterTheLinger()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var container = await TestContainer.CreateAsync(docker, Sleep, null, start: true, cts.Token);
        var id = container.Id;
        await using var stats = Fanout(lingerSeconds: 0.3);
        var first = new StatsWatch(stats, id, cts.Token);
        var second = new StatsWatch(stats, id, cts.Token);
        await first.UntilAsync(u => u.Samples.Count > 0, FewSamples, "a sample for the first watcher");
        await second.NextAsync(FewSamples);

        await first.DisposeAsync();

        Assert.Equal(1, stats.WatcherCount(id));
        Assert.True(stats.IsFollowing(id));

        await second.DisposeAsync();

        Assert.Equal(0, stats.WatcherCount(id));
        await Poll.UntilAsync(() => stats.IsFollowing(id), following => !following, TimeSpan.FromSeconds(10), "the Docker stream to close", cts.Token);

        // A later watcher opens a new stream.
        await using var third = new StatsWatch(stats, id, cts.Token);
        await third.UntilAsync(u => u.Samples.Count > 0, FewSamples, "a sample for the third watcher");
        Assert.Equal(2, stats.StreamsOpened);
    }

    [Fact]
    public async Task WatchAsync_LateJoinerWithinTheLinger_GetsTheHistoryAtOnceOnTheSameStream()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var container = await TestContainer.CreateAsync(docker, Sleep, null, start: true, cts.Token);
        var id = container.Id;
        await using var stats = Fanout(lingerSeconds: 60);
        await using (var early = new StatsWatch(stats, id, cts.Token))
        {
            await early.UntilAsync(_ => early.Samples.Count() >= 3, FewSamples, "three samples");
        }

        await using var late = new StatsWatch(stats, id, cts.Token);
        var snapshot = await late.NextAsync(TimeSpan.FromSeconds(5));

        Assert.True(snapshot!.IsSnapshot);
        Assert.True(snapshot.Samples.Count >= 3, $"The snapshot held {snapshot.Samples.Count} samples.");
        Assert.Equal(snapshot.Samples.Select(s => s.ReadAt).Order(), snapshot.Samples.Select(s => s.ReadAt));
        Assert.Equal(1, stats.StreamsOpened);
    }

    [Fact]
    public async Task WatchAsync_ContainerStopsStartsAndGoes_PausesResumesThenEnds()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var container = await TestContainer.CreateAsync(docker, Sleep, null, start: true, cts.Token);
        var id = container.Id;
        await using var stats = Fanout();
        await using var watch = new StatsWatch(stats, id, cts.Token);
        await watch.UntilAsync(u => u.Samples.Count > 0, FewSamples, "a first sample");
        var lastBeforeStop = watch.Samples.Max(s => s.ReadAt);

        await docker.Containers.StopAsync(id, TimeSpan.Zero, cts.Token);
        var stopped = await watch.UntilAsync(u => u.State == ContainerStatsState.Stopped, FewSamples, "the stopped state");

        Assert.Empty(stopped.Samples);
        Assert.True(stats.IsFollowing(id));

        await docker.Containers.StartAsync(id, cts.Token);
        var resumed = await watch.UntilAsync(u => u.Samples.Count > 0, FewSamples, "samples after the restart");

        Assert.Equal(ContainerStatsState.Running, resumed.State);
        Assert.True(resumed.Samples[0].ReadAt > lastBeforeStop);

        await docker.Containers.RemoveAsync(id, cts.Token);
        var ended = await watch.UntilAsync(u => u.State == ContainerStatsState.Ended, FewSamples, "the end of the stream");

        Assert.NotNull(ended.Error);
        Assert.Null(await watch.NextAsync(TimeSpan.FromSeconds(5)));
        await Poll.UntilAsync(() => stats.IsFollowing(id), following => !following, TimeSpan.FromSeconds(10), "the feed to stop", cts.Token);
    }

    [Fact]
    public async Task ReadAsync_RunningContainer_ReturnsASampleWithCpu()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var container = await TestContainer.CreateAsync(docker, Sleep, null, start: true, cts.Token);
        var id = container.Id;
        await using var stats = Fanout(lingerSeconds: 30);

        var snapshot = await stats.ReadAsync(id, FewSamples, cts.Token);

        Assert.Equal(id, snapshot.ContainerId);
        Assert.Equal(ContainerStatsState.Running, snapshot.State);
        Assert.NotNull(snapshot.Current?.CpuPercent);
        Assert.Equal(0, stats.WatcherCount(id));
        Assert.True(stats.IsFollowing(id), "The stream lingers for the next read.");
    }

    [Fact]
    public async Task ReadAsync_CreatedButNeverStarted_SaysStoppedWithoutHistory()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var container = await TestContainer.CreateAsync(docker, Sleep, null, start: false, cts.Token);
        var id = container.Id;
        await using var stats = Fanout();

        // Docker sends empty frames for a container that does not run: the read returns on the first, not after the wait.
        var snapshot = await stats.ReadAsync(id, FewSamples, cts.Token);

        Assert.Equal(ContainerStatsState.Stopped, snapshot.State);
        Assert.Empty(snapshot.History);
        Assert.Null(snapshot.Current);
    }

    [Fact]
    public async Task ReadAsync_NoSuchContainer_Ended()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var stats = Fanout();

        var snapshot = await stats.ReadAsync("portal-no-such-container-" + Guid.NewGuid().ToString("N"), FewSamples, cts.Token);

        Assert.Equal(ContainerStatsState.Ended, snapshot.State);
        Assert.Empty(snapshot.History);
    }

    private ContainerStatsFanout Fanout(double lingerSeconds = 0) => new(
        docker.Connection,
        Options.Create(new StatsOptions { LingerSeconds = lingerSeconds }),
        TimeProvider.System,
        NullLogger<ContainerStatsFanout>.Instance);
}
