using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Portal.Engine.Host;

namespace Portal.Tests.Components.Fakes;

/// <summary>A host monitor the test drives: <see cref="Publish"/> feeds a channel that the watcher reads.</summary>
internal sealed class FakeHostMonitor(HostFacts initial) : IHostMonitor
{
    private readonly Channel<HostFacts> _updates = Channel.CreateUnbounded<HostFacts>();
    private volatile HostFacts _current = initial;

    public HostFacts Current => _current;

    public static HostFacts Sample(double? cpuPercent = null) => new()
    {
        HostName = "gpu-box",
        CpuCores = 16,
        CpuUsagePercent = cpuPercent,
        LoadAverage1 = 1.5,
        MemoryTotalBytes = 64L * 1024 * 1024 * 1024,
        MemoryAvailableBytes = 48L * 1024 * 1024 * 1024,
        Uptime = TimeSpan.FromHours(50),
        SampledAt = DateTimeOffset.UtcNow,
    };

    public void Publish(HostFacts facts)
    {
        _current = facts;
        _updates.Writer.TryWrite(facts);
    }

    public async IAsyncEnumerable<HostFacts> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        yield return _current;
        await foreach (var facts in _updates.Reader.ReadAllAsync(cancellationToken))
        {
            yield return facts;
        }
    }
}
