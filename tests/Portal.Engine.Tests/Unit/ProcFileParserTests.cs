using Portal.Engine.Host;

namespace Portal.Engine.Tests.Unit;

public sealed class ProcFileParserTests
{
    private const string MemInfo = """
        MemTotal:       24634516 kB
        MemFree:        20151004 kB
        MemAvailable:   23160328 kB
        Buffers:          112404 kB
        """;

    [Fact]
    public void ParseMemInfo_RealFormat_ReturnsBytes()
    {
        var (total, available) = ProcFileParser.ParseMemInfo(MemInfo);
        Assert.Equal(24634516L * 1024, total);
        Assert.Equal(23160328L * 1024, available);
    }

    [Fact]
    public void ParseMemInfo_Empty_ReturnsNulls()
    {
        Assert.Equal((null, null), ProcFileParser.ParseMemInfo(string.Empty));
    }

    [Fact]
    public void ParseCpuTimes_AggregateLine_CountsIdleAndIoWaitAsIdle()
    {
        const string stat = "cpu  100 0 50 800 50 0 0 0 0 0\ncpu0 50 0 25 400 25 0 0 0 0 0\nintr 1 2 3\n";
        var times = ProcFileParser.ParseCpuTimes(stat);
        Assert.Equal(new CpuTimes(150, 1000), times);
    }

    [Fact]
    public void CpuUsagePercent_TwoSamples_IsBusyShareOfElapsed()
    {
        var usage = ProcFileParser.CpuUsagePercent(new CpuTimes(150, 1000), new CpuTimes(400, 1500));
        Assert.Equal(50.0, usage);
    }

    [Fact]
    public void CpuUsagePercent_NoTimePassed_IsNull()
    {
        Assert.Null(ProcFileParser.CpuUsagePercent(new CpuTimes(1, 10), new CpuTimes(1, 10)));
    }

    [Fact]
    public void ParseLoadAverageAndUptime_RealFormat_ReadFirstField()
    {
        Assert.Equal(0.42, ProcFileParser.ParseLoadAverage("0.42 0.30 0.20 1/123 4567\n"));
        Assert.Equal(TimeSpan.FromSeconds(3600.5), ProcFileParser.ParseUptime("3600.50 7000.00\n"));
    }

    [Fact]
    public void ParseCpuTimes_ThisMachine_ReadsProcStat()
    {
        var times = ProcFileParser.ParseCpuTimes(File.ReadAllText("/proc/stat"));
        Assert.NotNull(times);
        Assert.True(times.Value.Total > times.Value.Busy);
    }
}
