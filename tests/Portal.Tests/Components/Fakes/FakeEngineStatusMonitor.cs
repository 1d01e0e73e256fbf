using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Portal.Engine.Engine;

namespace Portal.Tests.Components.Fakes;

/// <summary>An engine monitor the test drives: <see cref="Publish"/> feeds a channel that the watcher reads.</summary>
internal sealed class FakeEngineStatusMonitor(EngineStatus initial) : IEngineStatusMonitor
{
    private readonly Channel<EngineStatus> _updates = Channel.CreateUnbounded<EngineStatus>();
    private volatile EngineStatus _current = initial;

    public EngineStatus Current => _current;

    public static EngineStatus Reachable(string version = "20.10.24") => new()
    {
        IsReachable = true,
        CheckedAt = DateTimeOffset.UtcNow,
        Version = version,
        ApiVersion = "1.41",
        Containers = 3,
        ContainersRunning = 2,
        ContainersStopped = 1,
        Images = 7,
        OperatingSystem = "Debian GNU/Linux 12 (bookworm)",
        KernelVersion = "6.1.0",
        StorageDriver = "overlay2",
        DockerRootDir = "/var/lib/docker",
        Runtimes = ["runc"],
    };

    public static EngineStatus Unreachable(string error) => new() { IsReachable = false, CheckedAt = DateTimeOffset.UtcNow, Error = error };

    public void Publish(EngineStatus status)
    {
        _current = status;
        _updates.Writer.TryWrite(status);
    }

    public async IAsyncEnumerable<EngineStatus> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        yield return _current;
        await foreach (var status in _updates.Reader.ReadAllAsync(cancellationToken))
        {
            yield return status;
        }
    }

    public Task<EngineStatus> CheckNowAsync(CancellationToken cancellationToken) => Task.FromResult(_current);
}
