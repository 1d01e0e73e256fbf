using Microsoft.Extensions.Hosting;
using Portal.Engine.Common;

namespace Portal.Engine.Host;

/// <summary>Samples <c>/proc</c> every two seconds; on a system without it, reports cores and host name only.</summary>
internal sealed class HostMonitor : BackgroundService, IHostMonitor
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);
    private readonly TimeProvider _timeProvider;
    private readonly LatestValueBroadcaster<HostFacts> _broadcaster;
    private CpuTimes? _previousCpu;

    public HostMonitor(TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
        _broadcaster = new LatestValueBroadcaster<HostFacts>(Sample());
    }

    public HostFacts Current => _broadcaster.Current;

    public IAsyncEnumerable<HostFacts> WatchAsync(CancellationToken cancellationToken) => _broadcaster.WatchAsync(cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, _timeProvider);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            _broadcaster.Publish(Sample());
        }
    }

    private HostFacts Sample()
    {
        var (total, available) = ProcFileParser.ParseMemInfo(ReadOrEmpty("/proc/meminfo"));
        var cpu = ProcFileParser.ParseCpuTimes(ReadOrEmpty("/proc/stat"));
        double? usage = cpu is { } now && _previousCpu is { } before ? ProcFileParser.CpuUsagePercent(before, now) : null;
        _previousCpu = cpu;
        return new HostFacts
        {
            HostName = Environment.MachineName,
            CpuCores = Environment.ProcessorCount,
            CpuUsagePercent = usage,
            LoadAverage1 = ProcFileParser.ParseLoadAverage(ReadOrEmpty("/proc/loadavg")),
            MemoryTotalBytes = total,
            MemoryAvailableBytes = available,
            Uptime = ProcFileParser.ParseUptime(ReadOrEmpty("/proc/uptime")),
            SampledAt = _timeProvider.GetUtcNow(),
        };
    }

    private static string ReadOrEmpty(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return string.Empty;
        }
        catch (UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }
}
