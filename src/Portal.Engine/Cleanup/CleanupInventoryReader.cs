using Portal.Engine.Containers;
using Portal.Engine.Disk;

namespace Portal.Engine.Cleanup;

/// <summary>
/// The cleanup's view of the engine: <c>/system/df</c> (through <see cref="IEngineDiskUsageReader"/>, shared with the
/// disk accounting) as cleanup inventory, with the stop time of containers that are not running, which the list does
/// not carry, read by inspect.
/// </summary>
internal sealed class CleanupInventoryReader(IEngineDiskUsageReader engineUsage, IContainerOperations containers)
{
    /// <param name="inspectOwner">Inspect only this owner's stopped containers (null: every stopped portal container).</param>
    public async Task<CleanupInventory> ReadAsync(string? inspectOwner, CancellationToken cancellationToken)
    {
        var listed = ToInventory(await engineUsage.ReadAsync(cancellationToken).ConfigureAwait(false));

        var withStopTimes = new List<InventoryContainer>(listed.Containers.Count);
        foreach (var container in listed.Containers)
        {
            if (container is { IsStopped: true, IsManaged: true } && (inspectOwner is null || container.Owner == inspectOwner))
            {
                var details = await containers.InspectAsync(container.Id, cancellationToken).ConfigureAwait(false);
                if (details is null)
                {
                    continue; // Gone since the list was read.
                }

                withStopTimes.Add(container with { State = details.Summary.State, FinishedAt = details.FinishedAt });
            }
            else
            {
                withStopTimes.Add(container);
            }
        }

        return listed with { Containers = withStopTimes };
    }

    /// <summary>The engine's figures as cleanup inventory; containers carry no stop time yet. Sizes the engine did not compute count as 0.</summary>
    internal static CleanupInventory ToInventory(EngineDiskUsage usage) => new(
        usage.Containers.Select(c => new InventoryContainer(c.Id, c.Name, c.ImageId, c.State, c.CreatedAt, Math.Max(0, c.SizeRw), c.Labels, c.VolumeNames)).ToList(),
        usage.Images.Select(i => new InventoryImage(i.Id, i.RepoTags, i.CreatedAt, Math.Max(0, i.Size), i.SharedSize, i.Containers)).ToList(),
        usage.Volumes.Select(v => new InventoryVolume(v.Name, v.Labels, v.Size, v.RefCount)).ToList(),
        usage.BuildCache.Where(r => !r.InUse && !r.Shared).Sum(r => r.Size));
}
