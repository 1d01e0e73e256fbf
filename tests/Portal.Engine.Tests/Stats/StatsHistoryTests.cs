using Portal.Engine.Stats;

namespace Portal.Engine.Tests.Stats;

public sealed class StatsHistoryTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Add_OlderThanTheWindow_DropsOldest()
    {
        var history = new StatsHistory(TimeSpan.FromMinutes(1));

        for (var second = 0; second <= 90; second++)
        {
            history.Add(Sample(Start.AddSeconds(second)));
        }

        var kept = history.ToArray();
        Assert.Equal(Start.AddSeconds(30), kept[0].ReadAt);
        Assert.Equal(Start.AddSeconds(90), kept[^1].ReadAt);
        Assert.Equal(61, kept.Length);
        Assert.Same(kept[^1], history.Latest);
    }

    [Fact]
    public void Add_BurstWithinOneSecond_BoundedByCount()
    {
        var history = new StatsHistory(TimeSpan.FromMinutes(1));

        for (var i = 0; i < 10_000; i++)
        {
            history.Add(Sample(Start.AddTicks(i)));
        }

        Assert.Equal(120, history.Count);
    }

    private static ContainerStatsSample Sample(DateTimeOffset at) => new() { ReadAt = at };
}
