using Docker.DotNet.Models;
using Portal.Engine.Stats;

namespace Portal.Engine.Tests.Stats;

/// <summary>The figures <c>docker stats</c> would print, from recorded cgroup v1 frames and the documented cgroup v2 shape.</summary>
public sealed class DockerStatsCalculatorTests
{
    private const double Tolerance = 0.01;

    [Fact]
    public void ToSample_FirstFrameOfAStream_HasNoCpuFigureYet()
    {
        var first = DockerStatsFixtures.Frames(DockerStatsFixtures.V1Stream)[0];

        var sample = DockerStatsCalculator.ToSample(first, previous: null);

        Assert.Null(sample.CpuPercent);
        Assert.Equal(2, sample.OnlineCpus);
        Assert.Null(sample.NetworkRxBytesPerSecond);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 0, 17, 43, TimeSpan.Zero).AddTicks(8309991), sample.ReadAt);
    }

    [Fact]
    public void ToSample_CgroupV1BusyLoop_OneFullCpuOfTwo()
    {
        var frames = DockerStatsFixtures.Frames(DockerStatsFixtures.V1Stream);

        var second = DockerStatsCalculator.ToSample(frames[1], DockerStatsCalculator.ToSample(frames[0], null));
        var third = DockerStatsCalculator.ToSample(frames[2], second);

        // (3979862692 - 2975364890) / (20625270000000 - 20623260000000) * 2 CPUs * 100
        Assert.Equal(99.950, second.CpuPercent!.Value, Tolerance);
        Assert.Equal(100.048, third.CpuPercent!.Value, Tolerance);
    }

    [Fact]
    public void ToSample_CgroupV1PageCache_IsNotCountedAsUsedMemory()
    {
        var frame = DockerStatsFixtures.Frames(DockerStatsFixtures.V1Stream)[1];

        var sample = DockerStatsCalculator.ToSample(frame, null);

        // usage 54468608 minus total_inactive_file 52428800 (the 50 MiB file dd wrote), limit from -m 256m.
        Assert.Equal(2_039_808, sample.MemoryUsedBytes);
        Assert.Equal(256L * 1024 * 1024, sample.MemoryLimitBytes);
        Assert.Equal(100.0 * 2_039_808 / (256L * 1024 * 1024), sample.MemoryPercent!.Value, 6);
        Assert.Equal(2, sample.Pids);
    }

    [Fact]
    public void ToSample_ConsecutiveFrames_NetworkRatesPerSecond()
    {
        var frames = DockerStatsFixtures.Frames(DockerStatsFixtures.V1Stream);
        var first = DockerStatsCalculator.ToSample(frames[0], null);

        var second = DockerStatsCalculator.ToSample(frames[1], first);

        Assert.Equal(2738, second.NetworkRxBytes);
        Assert.Equal(2002, second.NetworkTxBytes);
        var seconds = (second.ReadAt - first.ReadAt).TotalSeconds;
        Assert.Equal(1.003, seconds, 0.001);
        Assert.Equal((2738 - 2248) / seconds, second.NetworkRxBytesPerSecond!.Value, Tolerance);
        Assert.Equal((2002 - 1512) / seconds, second.NetworkTxBytesPerSecond!.Value, Tolerance);
        Assert.Equal(0, second.BlockReadBytesPerSecond);
    }

    [Fact]
    public void ToSample_CountersWentDown_NoRate()
    {
        var frames = DockerStatsFixtures.Frames(DockerStatsFixtures.V1Stream);
        var later = DockerStatsCalculator.ToSample(frames[2], null);
        // A restart resets the counters: a sample taken "after" with lower counters must not yield a negative rate.
        var restarted = DockerStatsCalculator.ToSample(frames[1], later with { ReadAt = later.ReadAt.AddSeconds(-5) });

        Assert.Null(restarted.NetworkRxBytesPerSecond);
        Assert.Null(restarted.NetworkTxBytesPerSecond);
    }

    [Fact]
    public void BlockIo_CgroupV1_SumsReadAndWriteOverDevicesOnly()
    {
        var frame = DockerStatsFixtures.Frame(DockerStatsFixtures.V1WithBlockIo);

        var (read, write) = DockerStatsCalculator.BlockIo(frame.BlkioStats);

        // Sync, Async, Discard and Total repeat the same bytes and must not be added.
        Assert.Equal(4_096_000 + 1_000, read);
        Assert.Equal(52_428_800 + 24, write);
    }

    [Fact]
    public void ToSample_CgroupV2Shape_ComputesEveryFigure()
    {
        var frame = DockerStatsFixtures.Frame(DockerStatsFixtures.V2);

        var sample = DockerStatsCalculator.ToSample(frame, null);

        // (12.5e9 - 10.5e9) / (400e9 - 396e9) * 4 online CPUs * 100; cgroup v2 lists no per-CPU usage.
        Assert.Equal(200, sample.CpuPercent!.Value, Tolerance);
        Assert.Equal(4, sample.OnlineCpus);
        // usage minus inactive_file (cgroup v2 has no total_inactive_file).
        Assert.Equal(209_715_200 - 62_914_560, sample.MemoryUsedBytes);
        Assert.Equal(8_589_934_592, sample.MemoryLimitBytes);
        // Lower-case ops, two devices.
        Assert.Equal(2 * 1_048_576, sample.BlockReadBytes);
        Assert.Equal(2 * 8_388_608, sample.BlockWriteBytes);
        // Both interfaces.
        Assert.Equal(5_700, sample.NetworkRxBytes);
        Assert.Equal(3_300, sample.NetworkTxBytes);
        Assert.Equal(3, sample.Pids);
    }

    [Fact]
    public void IsLive_StoppedContainerFrame_False()
    {
        Assert.False(DockerStatsCalculator.IsLive(DockerStatsFixtures.Frame(DockerStatsFixtures.V1Stopped)));
        Assert.All(DockerStatsFixtures.Frames(DockerStatsFixtures.V1Stream), frame => Assert.True(DockerStatsCalculator.IsLive(frame)));
    }

    [Fact]
    public void MemoryUsedBytes_InactiveFileNotBelowUsage_KeepsUsage()
    {
        var memory = new MemoryStats { Usage = 1000, Stats = new Dictionary<string, ulong> { ["total_inactive_file"] = 4000, ["inactive_file"] = 4000 } };

        Assert.Equal(1000, DockerStatsCalculator.MemoryUsedBytes(memory));
        Assert.Equal(0, DockerStatsCalculator.MemoryUsedBytes(null));
        Assert.Null(DockerStatsCalculator.MemoryLimitBytes(new MemoryStats { Usage = 1, Limit = 0 }));
    }

    [Fact]
    public void CpuPercent_NoOnlineCpusReported_CountsPerCpuUsage()
    {
        var frame = DockerStatsFixtures.Frames(DockerStatsFixtures.V1Stream)[1];
        frame.CPUStats!.OnlineCPUs = 0;

        Assert.Equal(2, DockerStatsCalculator.OnlineCpus(frame));
        Assert.Equal(99.950, DockerStatsCalculator.CpuPercent(frame)!.Value, Tolerance);
    }
}
