using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Portal.Engine.Disk;

namespace Portal.Tests.Components.Fakes;

/// <summary>Disk accounting the test drives: <see cref="Publish"/> feeds a channel that the watcher reads; requests are counted.</summary>
internal sealed class FakeDiskUsage(DiskUsageSnapshot initial) : IDiskUsage
{
    private readonly Channel<DiskUsageSnapshot> _updates = Channel.CreateUnbounded<DiskUsageSnapshot>();
    private volatile DiskUsageSnapshot _current = initial;
    private int _refreshRequests;

    public DiskUsageSnapshot Current => _current;

    public int RefreshRequests => Volatile.Read(ref _refreshRequests);

    public void Publish(DiskUsageSnapshot snapshot)
    {
        _current = snapshot;
        _updates.Writer.TryWrite(snapshot);
    }

    public void RequestRefresh()
    {
        Interlocked.Increment(ref _refreshRequests);
        Publish(_current with { IsRefreshing = true, RefreshStartedAt = DateTimeOffset.UtcNow });
    }

    public Task<DiskUsageSnapshot> RefreshAsync(CancellationToken cancellationToken) => throw new NotSupportedException("Pages never wait for a pass.");

    public async IAsyncEnumerable<DiskUsageSnapshot> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        yield return _current;
        await foreach (var snapshot in _updates.Reader.ReadAllAsync(cancellationToken))
        {
            yield return snapshot;
        }
    }

    /// <summary>A snapshot measured <paramref name="age"/> ago with these users and nothing else.</summary>
    public static DiskUsageSnapshot Measured(TimeSpan age, params UserDiskUsage[] users) => new()
    {
        Figures = new DiskUsageFigures { Users = users.ToDictionary(u => u.UserName).ToImmutableDictionary(StringComparer.Ordinal) },
        MeasuredAt = DateTimeOffset.UtcNow - age,
        LastPassDuration = TimeSpan.FromSeconds(2),
        CompletedPasses = 1,
    };
}
