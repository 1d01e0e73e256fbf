using Portal.Engine.Stats;
using Portal.Stats;

namespace Portal.Tests.Stats;

public sealed class ContainerStatsTimelineTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Apply_SnapshotThenSamples_AppendsInOrder()
    {
        var timeline = new ContainerStatsTimeline(TimeSpan.FromMinutes(5));

        timeline.Apply(new ContainerStatsUpdate(true, [Sample(0), Sample(1)], ContainerStatsState.Running, null));
        timeline.Apply(new ContainerStatsUpdate(false, [Sample(2)], ContainerStatsState.Running, null));

        Assert.True(timeline.IsLoaded);
        Assert.Equal([0d, 1, 2], timeline.Samples.Select(s => (s.ReadAt - Start).TotalSeconds));
        Assert.Equal(Start.AddSeconds(2), timeline.Current!.ReadAt);
    }

    [Fact]
    public void Apply_NewSnapshot_ReplacesEverything()
    {
        var timeline = new ContainerStatsTimeline(TimeSpan.FromMinutes(5));
        timeline.Apply(new ContainerStatsUpdate(true, [Sample(0), Sample(1)], ContainerStatsState.Running, null));

        timeline.Apply(new ContainerStatsUpdate(true, [], ContainerStatsState.Waiting, null));

        Assert.Empty(timeline.Samples);
        Assert.Null(timeline.Current);
        Assert.Equal(ContainerStatsState.Waiting, timeline.State);
    }

    [Fact]
    public void Apply_OlderThanTheWindowOrRepeated_Dropped()
    {
        var timeline = new ContainerStatsTimeline(TimeSpan.FromMinutes(1));
        timeline.Apply(new ContainerStatsUpdate(true, [Sample(0), Sample(30)], ContainerStatsState.Running, null));

        timeline.Apply(new ContainerStatsUpdate(false, [Sample(30), Sample(75)], ContainerStatsState.Running, null));

        Assert.Equal([30d, 75], timeline.Samples.Select(s => (s.ReadAt - Start).TotalSeconds));
    }

    [Fact]
    public void Apply_StateOnlyUpdate_KeepsSamplesAndTakesStateAndError()
    {
        var timeline = new ContainerStatsTimeline(TimeSpan.FromMinutes(5));
        timeline.Apply(new ContainerStatsUpdate(true, [Sample(0)], ContainerStatsState.Running, null));

        timeline.Apply(new ContainerStatsUpdate(false, [], ContainerStatsState.Ended, "The container is gone."));

        Assert.Single(timeline.Samples);
        Assert.Equal(ContainerStatsState.Ended, timeline.State);
        Assert.Equal("The container is gone.", timeline.Error);
    }

    private static ContainerStatsSample Sample(int second) => new() { ReadAt = Start.AddSeconds(second), CpuPercent = second };
}
