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
/// of the portal's containers (their <c>LogPath</c> from inspect) and every workspace folder. Then adds it up.
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
        // File walks are blocking I/O: off the caller's thread.
        var workspaces = await Task.Run(() => MeasureWorkspaces(users, cancellationToken), cancellationToken).ConfigureAwait(false);
        return DiskAccounting.Compute(new DiskAccountingInput(engine, imageOwners, logs, workspaces, users, diskOptions.Value.LargestItems));
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
        await Parallel.ForEachAsync(
            containers,
            new ParallelOptions { MaxDegreeOfParallelism = InspectParallelism, CancellationToken = cancellationToken },
            async (container, token) =>
            {
                try
                {
                    var inspect = await connection.Client.Containers.InspectContainerAsync(container.Id, token).ConfigureAwait(false);
                    sizes[container.Id] = ContainerLogSize.Measure(inspect.LogPath);
                }
                catch (DockerContainerNotFoundException)
                {
                    // Removed since the scan listed it: its log went with it.
                }
                catch (DockerApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
                {
                    // As above.
                }
            }).ConfigureAwait(false);
        return sizes;
    }

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
