using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Portal.Engine.Host;

namespace Portal.Tests.Components.Fakes;

/// <summary>A disk monitor the test drives: <see cref="Publish"/> feeds a channel that the watcher reads.</summary>
internal sealed class FakeDiskSpaceMonitor(IReadOnlyList<DiskSpace> initial) : IDiskSpaceMonitor
{
    private readonly Channel<IReadOnlyList<DiskSpace>> _updates = Channel.CreateUnbounded<IReadOnlyList<DiskSpace>>();
    private volatile IReadOnlyList<DiskSpace> _current = initial;

    public IReadOnlyList<DiskSpace> Current => _current;

    public void Publish(IReadOnlyList<DiskSpace> disks)
    {
        _current = disks;
        _updates.Writer.TryWrite(disks);
    }

    public async IAsyncEnumerable<IReadOnlyList<DiskSpace>> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        yield return _current;
        await foreach (var disks in _updates.Reader.ReadAllAsync(cancellationToken))
        {
            yield return disks;
        }
    }
}
