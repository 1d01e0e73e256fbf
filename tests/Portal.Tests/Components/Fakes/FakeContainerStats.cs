using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Portal.Engine.Stats;

namespace Portal.Tests.Components.Fakes;

/// <summary>Container stats the test drives: <see cref="Publish"/> feeds the watcher's channel; it counts who watches.</summary>
internal sealed class FakeContainerStats : IContainerStats
{
    private readonly Channel<ContainerStatsUpdate> _updates = Channel.CreateUnbounded<ContainerStatsUpdate>();
    private int _watchers;

    public FakeContainerStats(ContainerStatsUpdate snapshot)
    {
        _updates.Writer.TryWrite(snapshot);
    }

    /// <summary>Watchers now: a component that disposed its subscription brings this back to 0.</summary>
    public int Watchers => Volatile.Read(ref _watchers);

    public string? WatchedId { get; private set; }

    public void Publish(ContainerStatsUpdate update) => _updates.Writer.TryWrite(update);

    public async IAsyncEnumerable<ContainerStatsUpdate> WatchAsync(string containerId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        WatchedId = containerId;
        Interlocked.Increment(ref _watchers);
        try
        {
            await foreach (var update in _updates.Reader.ReadAllAsync(cancellationToken))
            {
                yield return update;
            }
        }
        finally
        {
            Interlocked.Decrement(ref _watchers);
        }
    }

    public Task<ContainerStatsSnapshot> ReadAsync(string containerId, TimeSpan wait, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The panel watches; it never reads once.");
}
