using System.Collections.Concurrent;
using System.Net;
using Docker.DotNet;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Data;
using Portal.Engine.Containers;
using Portal.Engine.Docker;
using Portal.Engine.Launch;

namespace Portal.Engine.Disk;

/// <summary>
/// Reads what one pass needs: the engine's <c>/system/df</c>, image owners and users from the database, the log files
/// of the portal's containers (their <c>LogPath</c> from inspect), every workspace folder, and the layer folders of
/// every image (from inspect) with the sizes of those only one member's images share. Then adds it up.
/// </summary>
internal sealed class DiskUsageScanner(
    IEngineDiskUsageReader engineUsage,
    DockerConnection connection,
    IDbContextFactory<PortalDbContext> dbFactory,
    IOptions<LaunchOptions> launchOptions,
    IOptions<DiskOptions> diskOptions) : IDiskUsageScanner
{
    /// <summary>Inspects run a few at a time: enough to hide latency, few enough not to crowd the engine.</summary>
    private const int InspectParallelism = 4;

    /// <summary>Sizes of image layer folders measured by earlier passes (a layer's content never changes).</summary>
    private readonly ConcurrentDictionary<string, long> _layerSizes = new(StringComparer.Ordinal);

    /// <summary>The layer folders of images inspected by earlier passes, by image id (empty: not overlay2).</summary>
    private readonly ConcurrentDictionary<string, IReadOnlyList<string>> _imageLayers = new(StringComparer.Ordinal);

    public async Task<DiskUsageFigures> MeasureAsync(CancellationToken cancellationToken)
    {
        var engine = await engineUsage.ReadAsync(cancellationToken).ConfigureAwait(false);
        var (accounts, imageOwners) = await ReadDatabaseAsync(cancellationToken).ConfigureAwait(false);
        var owned = engine.Containers
            .Where(c => c.Labels.ContainsKey(PortalLabels.Managed) && c.Labels.ContainsKey(PortalLabels.Owner))
            .ToList();
        // Owners on the engine count even when their account is gone, so their workspace still maps to them.
        var users = accounts
            .Concat(owned.Select(c => c.Labels[PortalLabels.Owner]))
            .Concat(engine.Volumes.Select(v => v.Labels.GetValueOrDefault(PortalLabels.Owner)).OfType<string>())
            .Concat(imageOwners.Values.Select(o => o.Owner))
            .ToHashSet(StringComparer.Ordinal);
        var logs = await MeasureLogsAsync(owned, cancellationToken).ConfigureAwait(false);
        var imageLayers = await ReadImageLayersAsync(engine.Images, imageOwners, cancellationToken).ConfigureAwait(false);
        // File walks are blocking I/O: off the caller's thread.
        var workspaces = await Task.Run(() => MeasureWorkspaces(users, cancellationToken), cancellationToken).ConfigureAwait(false);
        var layerSizes = await Task.Run(() => MeasureOwnSharedLayers(imageLayers, imageOwners, cancellationToken), cancellationToken).ConfigureAwait(false);
        return DiskAccounting.Compute(new DiskAccountingInput(engine, imageOwners, logs, workspaces, users, diskOptions.Value.LargestItems)
        {
            ImageLayers = imageLayers,
            LayerSizes = layerSizes,
        });
    }

    /// <summary>
    /// The layer folders of every listed image, where the engine stores them as overlay2 (its default): a layer two
    /// images share is the same folder. Another storage driver gives none, and shared layers stay uncharged as before.
    /// </summary>
    private async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> ReadImageLayersAsync(
        IReadOnlyList<EngineImageUsage> images,
        IReadOnlyDictionary<string, ImageOwnership> imageOwners,
        CancellationToken cancellationToken)
    {
        // Without a member owning two images nothing is shared only within one member's: no inspects at all.
        var ownedPerMember = images.Select(i => imageOwners.GetValueOrDefault(i.Id)?.Owner).OfType<string>().CountBy(owner => owner, StringComparer.Ordinal);
        if (!ownedPerMember.Any(entry => entry.Value >= 2))
        {
            return new Dictionary<string, IReadOnlyList<string>>();
        }

        // An image's layers never change: each is inspected once while it is listed.
        await InspectEachAsync(
            images.Where(image => !_imageLayers.ContainsKey(image.Id)),
            async (image, token) =>
            {
                var inspect = await connection.Client.Images.InspectImageAsync(image.Id, token).ConfigureAwait(false);
                _imageLayers[image.Id] = inspect.GraphDriver is { Name: "overlay2", Data: { } data } ? OverlayLayerFolders(data) : [];
            },
            cancellationToken).ConfigureAwait(false);
        var ids = images.Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in _imageLayers.Keys.Where(id => !ids.Contains(id)).ToList())
        {
            _imageLayers.TryRemove(gone, out _);
        }

        // What is left is what is listed; an image of another storage driver has no layers to share.
        return _imageLayers.Where(entry => entry.Value.Count > 0).ToDictionary(entry => entry.Key, entry => entry.Value, StringComparer.Ordinal);
    }

    /// <summary>overlay2's <c>UpperDir</c> (the image's top layer) and <c>LowerDir</c> (the ones below, colon-separated).</summary>
    private static List<string> OverlayLayerFolders(IDictionary<string, string> data)
    {
        var folders = new List<string>();
        if (data.TryGetValue("UpperDir", out var upper) && !string.IsNullOrEmpty(upper))
        {
            folders.Add(upper);
        }

        if (data.TryGetValue("LowerDir", out var lower) && !string.IsNullOrEmpty(lower))
        {
            folders.AddRange(lower.Split(':', StringSplitOptions.RemoveEmptyEntries));
        }

        return folders;
    }

    /// <summary>
    /// Measures only the layers one member's images share among themselves (usually few); a layer never changes, so
    /// its size is kept for later passes while an image still uses it.
    /// </summary>
    private Dictionary<string, long> MeasureOwnSharedLayers(
        IReadOnlyDictionary<string, IReadOnlyList<string>> imageLayers,
        IReadOnlyDictionary<string, ImageOwnership> imageOwners,
        CancellationToken cancellationToken)
    {
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var layer in ImageLayerSharing.LayersSharedOnlyWithin(imageLayers, imageOwners).Keys)
        {
            if (!_layerSizes.TryGetValue(layer, out var bytes))
            {
                if (LayerFolderSize.Measure(layer, cancellationToken) is not { } measured)
                {
                    // Left out (it counts as unreadable) and tried again next pass.
                    continue;
                }

                _layerSizes[layer] = bytes = measured;
            }

            sizes[layer] = bytes;
        }

        foreach (var gone in _layerSizes.Keys.Where(layer => !sizes.ContainsKey(layer)).ToList())
        {
            _layerSizes.TryRemove(gone, out _);
        }

        return sizes;
    }

    private async Task<(IReadOnlyCollection<string> Users, IReadOnlyDictionary<string, ImageOwnership> ImageOwners)> ReadDatabaseAsync(CancellationToken cancellationToken)
    {
        var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using var dbLifetime = db.ConfigureAwait(false);
        var users = await db.Users.AsNoTracking().Where(u => u.UserName != null).Select(u => u.UserName!).ToListAsync(cancellationToken).ConfigureAwait(false);
        var records = await db.ImageRecords.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
        var owners = new Dictionary<string, ImageOwnership>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            owners[record.ImageId] = new ImageOwnership(record.Owner, record.Reference);
        }

        return (users, owners);
    }

    private async Task<IReadOnlyDictionary<string, FileTally>> MeasureLogsAsync(IReadOnlyList<EngineContainerUsage> containers, CancellationToken cancellationToken)
    {
        var sizes = new ConcurrentDictionary<string, FileTally>(StringComparer.Ordinal);
        await InspectEachAsync(
            containers,
            async (container, token) =>
            {
                var inspect = await connection.Client.Containers.InspectContainerAsync(container.Id, token).ConfigureAwait(false);
                sizes[container.Id] = ContainerLogSize.Measure(inspect.LogPath);
            },
            cancellationToken).ConfigureAwait(false);
        return sizes;
    }

    /// <summary>
    /// Runs one inspect per item, a few at a time. An item removed since the scan listed it is skipped: what it held
    /// went with it.
    /// </summary>
    private static Task InspectEachAsync<T>(IEnumerable<T> items, Func<T, CancellationToken, Task> inspect, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(
            items,
            new ParallelOptions { MaxDegreeOfParallelism = InspectParallelism, CancellationToken = cancellationToken },
            async (item, token) =>
            {
                try
                {
                    await inspect(item, token).ConfigureAwait(false);
                }
                catch (DockerContainerNotFoundException)
                {
                }
                catch (DockerImageNotFoundException)
                {
                }
                catch (DockerApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
                {
                }
            });

    /// <summary>Every folder under the workspace root, mapped to the user whose folder it is (the launch's own naming).</summary>
    private List<WorkspaceTally> MeasureWorkspaces(IEnumerable<string> users, CancellationToken cancellationToken)
    {
        var root = launchOptions.Value.WorkspaceRoot;
        if (string.IsNullOrEmpty(root) || !Directory.Exists(root))
        {
            return [];
        }

        var byFolder = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var user in users)
        {
            byFolder.TryAdd(DockerNames.Sanitize(user), user);
        }

        var tallies = new List<WorkspaceTally>();
        IEnumerable<string> folders;
        try
        {
            folders = Directory.EnumerateDirectories(root).ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [new WorkspaceTally(root, null, new FileTally(0, 1))];
        }

        foreach (var folder in folders)
        {
            if (new DirectoryInfo(folder).LinkTarget is not null)
            {
                continue;
            }

            tallies.Add(new WorkspaceTally(folder, byFolder.GetValueOrDefault(Path.GetFileName(folder)), FolderSize.Measure(folder, cancellationToken)));
        }

        return tallies;
    }
}
