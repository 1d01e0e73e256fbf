using System.Runtime.CompilerServices;
using Portal.Engine.Containers;
using Portal.Engine.Gpus;

namespace Portal.Engine.Stats;

/// <summary>
/// Joins the GPU inventory, the container's leased devices (its labels, while it runs) and its host PIDs. It asks
/// Docker for the PIDs only when nvidia-smi lists any process at all, so a host without GPU work costs nothing.
/// </summary>
internal sealed class ContainerGpuUsageMonitor(IGpuInventory inventory, IContainerStateCache containers, IContainerProcessLister processes) : IContainerGpuUsage
{
    public Task<IReadOnlyList<ContainerGpuUsage>> ReadAsync(string containerId, CancellationToken cancellationToken) =>
        ComputeAsync(containerId, inventory.Current, cancellationToken);

    public async IAsyncEnumerable<IReadOnlyList<ContainerGpuUsage>> WatchAsync(string containerId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(containerId);
        var snapshots = inventory.WatchAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
        await using var snapshotsLifetime = snapshots.ConfigureAwait(false);
        while (await MoveNextAsync(snapshots).ConfigureAwait(false))
        {
            IReadOnlyList<ContainerGpuUsage> usage;
            try
            {
                usage = await ComputeAsync(containerId, snapshots.Current, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                yield break;
            }

            yield return usage;
        }
    }

    private async Task<IReadOnlyList<ContainerGpuUsage>> ComputeAsync(string containerId, GpuSnapshot snapshot, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(containerId);
        var container = containers.Current.Containers.GetValueOrDefault(containerId);
        if (container is not { IsRunning: true })
        {
            return [];
        }

        var anyProcess = snapshot.Gpus.Any(gpu => gpu.Processes.Count > 0);
        var pids = anyProcess
            ? await processes.ListHostPidsAsync(container.Id, cancellationToken).ConfigureAwait(false)
            : new HashSet<int>();
        return ContainerGpuUsageCalculator.Compute(snapshot, container.GpuDeviceIds, pids);
    }

    private static async ValueTask<bool> MoveNextAsync(IAsyncEnumerator<GpuSnapshot> snapshots)
    {
        try
        {
            return await snapshots.MoveNextAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
