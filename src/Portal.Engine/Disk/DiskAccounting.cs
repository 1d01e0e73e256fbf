using System.Collections.Immutable;
using Portal.Engine.Containers;

namespace Portal.Engine.Disk;

/// <summary>
/// Adds up one pass: what each user is charged, the engine's totals by kind as <c>docker system df</c> shows them,
/// and the largest items. An image costs its owner its unique bytes (<c>Size - SharedSize</c>); layers it shares
/// only with its owner's other images cost that owner once; layers shared with anyone else's images (or starter
/// images) are on the disk once and charged to no one, but shown. Pure, so it is unit-tested.
/// </summary>
public static class DiskAccounting
{
    public static DiskUsageFigures Compute(DiskAccountingInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var users = new Dictionary<string, UserDiskTally>(StringComparer.Ordinal);
        UserDiskTally For(string owner) => users.TryGetValue(owner, out var tally) ? tally : users[owner] = new UserDiskTally(owner);
        foreach (var user in input.KnownUsers)
        {
            For(user);
        }

        var all = new List<DiskItem>();
        void Add(DiskItem item)
        {
            all.Add(item);
            if (item.Owner is { } owner)
            {
                For(owner).Items.Add(item);
            }
        }

        var unreadable = 0;
        foreach (var container in input.Engine.Containers)
        {
            var owner = container.Labels.ContainsKey(PortalLabels.Managed) ? container.Labels.GetValueOrDefault(PortalLabels.Owner) : null;
            var name = container.Labels.GetValueOrDefault(PortalLabels.Name) ?? container.Name;
            var item = new DiskItem(DiskItemKind.Container, container.Id, name, owner, Math.Max(0, container.SizeRw)) { InUse = container.IsActive };
            Add(item);
            var logs = input.ContainerLogs.GetValueOrDefault(container.Id);
            unreadable += logs.Unreadable;
            if (input.ContainerLogs.ContainsKey(container.Id))
            {
                Add(new DiskItem(DiskItemKind.Logs, container.Id, name, owner, logs.Bytes) { InUse = container.IsActive });
            }

            if (owner is not null)
            {
                var tally = For(owner);
                tally.Containers++;
                tally.ContainersBytes += item.Bytes;
                tally.LogsBytes += logs.Bytes;
                tally.Unreadable += logs.Unreadable;
            }
        }

        var ownShared = ImageLayerSharing.LayersSharedOnlyWithin(input.ImageLayers, input.ImageOwners);
        foreach (var (layer, owner) in ownShared)
        {
            var tally = For(owner);
            if (!input.LayerSizes.TryGetValue(layer, out var bytes))
            {
                tally.Unreadable++;
                unreadable++;
                continue;
            }

            tally.ImagesBytes += bytes;
            tally.ImagesOwnSharedBytes += bytes;
        }

        foreach (var image in input.Engine.Images)
        {
            var record = input.ImageOwners.GetValueOrDefault(image.Id);
            var name = image.RepoTags.FirstOrDefault() ?? (record is not null ? $"{record.Reference} (untagged)" : ShortId(image.Id));
            var item = new DiskItem(DiskItemKind.Image, image.Id, name, record?.Owner, image.UniqueSize) { SharedBytes = image.SharedBytes, InUse = image.Containers > 0 };
            Add(item);
            if (record is not null)
            {
                var tally = For(record.Owner);
                tally.Images++;
                tally.ImagesBytes += item.Bytes;
                // What it shares with its owner's other images is charged above; only the rest is "not counted".
                var sharedWithOwn = input.ImageLayers.GetValueOrDefault(image.Id)?.Distinct(StringComparer.Ordinal).Where(ownShared.ContainsKey).Sum(input.LayerSizes.GetValueOrDefault) ?? 0;
                tally.ImagesSharedBytes += Math.Max(0, item.SharedBytes - sharedWithOwn);
            }
        }

        foreach (var volume in input.Engine.Volumes)
        {
            var owner = volume.Labels.GetValueOrDefault(PortalLabels.Owner);
            var item = new DiskItem(DiskItemKind.Volume, volume.Name, volume.Name, owner, Math.Max(0, volume.Size)) { InUse = volume.RefCount > 0 };
            Add(item);
            if (owner is not null)
            {
                var tally = For(owner);
                tally.Volumes++;
                tally.VolumesBytes += item.Bytes;
            }
        }

        foreach (var workspace in input.Workspaces)
        {
            unreadable += workspace.Size.Unreadable;
            Add(new DiskItem(DiskItemKind.Workspace, workspace.Path, Path.GetFileName(workspace.Path), workspace.Owner, workspace.Size.Bytes));
            if (workspace.Owner is { } owner)
            {
                var tally = For(owner);
                tally.WorkspaceBytes += workspace.Size.Bytes;
                tally.Unreadable += workspace.Size.Unreadable;
            }
        }

        return new DiskUsageFigures
        {
            Users = users.Values.ToImmutableDictionary(t => t.UserName, t => t.ToUsage(Largest(t.Items, input.LargestItems)), StringComparer.Ordinal),
            Totals = Totals(input),
            Largest = Largest(all, input.LargestItems),
            UnreadableEntries = unreadable,
        };
    }

    private static List<DiskKindTotal> Totals(DiskAccountingInput input)
    {
        var engine = input.Engine;
        var imagesBytes = engine.LayersSize ?? engine.Images.Sum(i => Math.Max(0, i.Size));
        var imagesInUse = engine.Images.Where(i => i.Containers > 0).Sum(i => i.UniqueSize);
        var logs = engine.Containers.Where(c => input.ContainerLogs.ContainsKey(c.Id)).ToList();
        return
        [
            // Reclaimable as the docker CLI computes it: what is not in use.
            new(DiskItemKind.Image, engine.Images.Count, engine.Images.Count(i => i.Containers > 0), imagesBytes, Math.Max(0, imagesBytes - imagesInUse)),
            new(
                DiskItemKind.Container,
                engine.Containers.Count,
                engine.Containers.Count(c => c.IsActive),
                engine.Containers.Sum(c => Math.Max(0, c.SizeRw)),
                engine.Containers.Where(c => !c.IsActive).Sum(c => Math.Max(0, c.SizeRw))),
            new(
                DiskItemKind.Volume,
                engine.Volumes.Count,
                engine.Volumes.Count(v => v.RefCount > 0),
                engine.Volumes.Sum(v => Math.Max(0, v.Size)),
                engine.Volumes.Where(v => v.RefCount == 0).Sum(v => Math.Max(0, v.Size))),
            new(
                DiskItemKind.BuildCache,
                engine.BuildCache.Count,
                engine.BuildCache.Count(b => b.InUse),
                engine.BuildCache.Where(b => !b.Shared).Sum(b => b.Size),
                engine.BuildCache.Where(b => !b.Shared && !b.InUse).Sum(b => b.Size)),
            new(DiskItemKind.Logs, logs.Count, logs.Count(c => c.IsActive), logs.Sum(c => input.ContainerLogs[c.Id].Bytes), null),
            new(DiskItemKind.Workspace, input.Workspaces.Count, 0, input.Workspaces.Sum(w => w.Size.Bytes), null),
        ];
    }

    private static List<DiskItem> Largest(IEnumerable<DiskItem> items, int count) =>
        items.Where(i => i.Bytes > 0)
            .OrderByDescending(i => i.Bytes)
            .ThenBy(i => i.Kind)
            .ThenBy(i => i.Name, StringComparer.Ordinal)
            .Take(count)
            .ToList();

    private static string ShortId(string id)
    {
        var hex = id.StartsWith("sha256:", StringComparison.Ordinal) ? id[7..] : id;
        return hex.Length > 12 ? hex[..12] : hex;
    }
}
