using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Portal.Engine.Stats;

namespace Portal.Tests.Components.Fakes;

/// <summary>GPU use per container that the test drives through <see cref="Publish"/>.</summary>
internal sealed class FakeContainerGpuUsage(IReadOnlyList<ContainerGpuUsage> initial) : IContainerGpuUsage
{
    private readonly Channel<IReadOnlyList<ContainerGpuUsage>> _updates = Channel.CreateUnbounded<IReadOnlyList<ContainerGpuUsage>>();

    public void Publish(IReadOnlyList<ContainerGpuUsage> usage) => _updates.Writer.TryWrite(usage);

    public Task<IReadOnlyList<ContainerGpuUsage>> ReadAsync(string containerId, CancellationToken cancellationToken) => Task.FromResult(initial);

    public async IAsyncEnumerable<IReadOnlyList<ContainerGpuUsage>> WatchAsync(string containerId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        yield return initial;
        await foreach (var usage in _updates.Reader.ReadAllAsync(cancellationToken))
        {
            yield return usage;
        }
    }
}
