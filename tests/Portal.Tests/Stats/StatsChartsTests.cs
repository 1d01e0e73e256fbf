using Portal.Engine.Stats;
using Portal.Stats;

namespace Portal.Tests.Stats;

public sealed class StatsChartsTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public void BucketFor_Window_AtMostMaxPointsInWholeSeconds()
    {
        Assert.Equal(TimeSpan.FromSeconds(4), StatsCharts.BucketFor(TimeSpan.FromMinutes(5)));
        Assert.Equal(TimeSpan.FromSeconds(48), StatsCharts.BucketFor(TimeSpan.FromMinutes(60)));
        Assert.Equal(Second, StatsCharts.BucketFor(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void Cpu_OneSecondBuckets_SampleWithoutFigureLeavesNoPoint()
    {
        var samples = new[]
        {
            new ContainerStatsSample { ReadAt = Start, CpuPercent = null },
            new ContainerStatsSample { ReadAt = Start.AddSeconds(1), CpuPercent = 12.5 },
            new ContainerStatsSample { ReadAt = Start.AddSeconds(2), CpuPercent = 50 },
        };

        var series = Assert.Single(StatsCharts.Cpu(samples, Second));

        Assert.Equal("CPU", series.Name);
        Assert.Equal([12.5, 50], series.Data.Values);
        Assert.Equal([Start.AddSeconds(1).UtcDateTime, Start.AddSeconds(2).UtcDateTime], series.Data.Points.Select(p => (DateTime)p.X!));
    }

    [Fact]
    public void Cpu_FourSecondBuckets_AveragesEachAtItsStart()
    {
        // Ten samples a second apart from 12:00:01: buckets [12:00:00, 12:00:04), [12:00:04, 12:00:08), [12:00:08, ...).
        var samples = Enumerable.Range(1, 10).Select(i => new ContainerStatsSample { ReadAt = Start.AddSeconds(i), CpuPercent = i * 10 }).ToList();

        var series = Assert.Single(StatsCharts.Cpu(samples, TimeSpan.FromSeconds(4)));

        Assert.Equal([20d, 55, 90], series.Data.Values);
        Assert.Equal([Start.UtcDateTime, Start.AddSeconds(4).UtcDateTime, Start.AddSeconds(8).UtcDateTime], series.Data.Points.Select(p => (DateTime)p.X!));
    }

    [Fact]
    public void Cpu_FiveMinutesOfSamples_AtMostMaxPoints()
    {
        var window = TimeSpan.FromMinutes(5);
        var samples = Enumerable.Range(0, 301).Select(i => new ContainerStatsSample { ReadAt = Start.AddSeconds(i).AddMilliseconds(300), CpuPercent = 1 }).ToList();

        var series = Assert.Single(StatsCharts.Cpu(samples, StatsCharts.BucketFor(window)));

        Assert.InRange(series.Data.Count, StatsCharts.MaxPoints, StatsCharts.MaxPoints + 1);
    }

    [Fact]
    public void NetworkAndBlockIo_TwoLinesEach_FromTheRates()
    {
        var samples = new[]
        {
            new ContainerStatsSample { ReadAt = Start, NetworkRxBytesPerSecond = 100, NetworkTxBytesPerSecond = 10, BlockReadBytesPerSecond = 4096, BlockWriteBytesPerSecond = 0 },
        };

        var network = StatsCharts.Network(samples, Second);
        var blockIo = StatsCharts.BlockIo(samples, Second);
        var memory = StatsCharts.Memory([new ContainerStatsSample { ReadAt = Start, MemoryUsedBytes = 2048 }], Second);

        Assert.Equal(["Received", "Sent"], network.Select(s => s.Name));
        Assert.Equal([100d], network[0].Data.Values);
        Assert.Equal([10d], network[1].Data.Values);
        Assert.Equal(["Read", "Written"], blockIo.Select(s => s.Name));
        Assert.Equal([4096d], blockIo[0].Data.Values);
        Assert.Equal([2048d], Assert.Single(memory).Data.Values);
    }
}
