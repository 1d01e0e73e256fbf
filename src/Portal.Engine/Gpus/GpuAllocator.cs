using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Engine.Common;

namespace Portal.Engine.Gpus;

internal sealed partial class GpuAllocator : IGpuAllocator
{
    private readonly IDbContextFactory<PortalDbContext> _dbFactory;
    private readonly IGpuInventory _inventory;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<GpuAllocator> _logger;
    // One writer at a time: pick-free-then-insert must not interleave. The primary key is the second guard.
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly LatestValueBroadcaster<IReadOnlyList<GpuLeaseInfo>> _leases = new([]);

    public GpuAllocator(IDbContextFactory<PortalDbContext> dbFactory, IGpuInventory inventory, TimeProvider timeProvider, ILogger<GpuAllocator> logger)
    {
        _dbFactory = dbFactory;
        _inventory = inventory;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public IReadOnlyList<GpuUnit> Units => GpuUnits.From(_inventory.Current);

    public Task<GpuLeaseResult> LeaseAsync(string owner, string portalContainerId, string containerName, int count, CancellationToken cancellationToken) =>
        WithGateAsync(async db =>
        {
            var units = Units;
            var held = await db.GpuLeases.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
            var heldIds = held.Select(l => l.DeviceId).ToHashSet(StringComparer.Ordinal);
            var free = units.Where(u => !heldIds.Contains(u.DeviceId)).ToList();
            if (count == 0)
            {
                return GpuLeaseResult.Leased([], free.Count);
            }

            if (free.Count < count)
            {
                return GpuLeaseResult.Unavailable(DescribeShortage(count, units.Count, free.Count, held), free.Count);
            }

            // Whole GPUs in index order keep a container's devices adjacent, which NVLink pairs favour.
            var picked = free.OrderBy(u => u.GpuIndex).ThenBy(u => u.MigIndex ?? -1).Take(count).Select(u => u.DeviceId).ToList();
            await InsertAsync(db, owner, portalContainerId, containerName, picked, cancellationToken).ConfigureAwait(false);
            return GpuLeaseResult.Leased(picked, free.Count - count);
        }, cancellationToken);

    public Task<GpuLeaseResult> LeaseDevicesAsync(string owner, string portalContainerId, string containerName, IReadOnlyList<string> deviceIds, CancellationToken cancellationToken) =>
        WithGateAsync(async db =>
        {
            var units = Units;
            var known = units.Select(u => u.DeviceId).ToHashSet(StringComparer.Ordinal);
            var missing = deviceIds.Where(id => !known.Contains(id)).ToList();
            var held = await db.GpuLeases.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
            var free = units.Count(u => held.All(l => l.DeviceId != u.DeviceId));
            if (missing.Count > 0)
            {
                return GpuLeaseResult.Unavailable($"This container was made for {string.Join(", ", missing)}, which this host no longer has. Launch a new container.", free);
            }

            var taken = held.Where(l => deviceIds.Contains(l.DeviceId, StringComparer.Ordinal) && l.PortalContainerId != portalContainerId).ToList();
            if (taken.Count > 0)
            {
                var holders = string.Join(", ", taken.Select(l => $"{l.DeviceId} is held by {l.Owner} (container {l.ContainerName})"));
                return GpuLeaseResult.Unavailable($"Its GPUs are in use: {holders}. Wait until they are free, or launch a new container on free GPUs.", free);
            }

            var toInsert = deviceIds.Where(id => held.All(l => l.DeviceId != id)).ToList();
            await InsertAsync(db, owner, portalContainerId, containerName, toInsert, cancellationToken).ConfigureAwait(false);
            return GpuLeaseResult.Leased(deviceIds, free - toInsert.Count);
        }, cancellationToken);

    public Task AttachDockerIdAsync(string portalContainerId, string dockerContainerId, CancellationToken cancellationToken) =>
        WithGateAsync(async db =>
        {
            await db.GpuLeases.Where(l => l.PortalContainerId == portalContainerId)
                .ExecuteUpdateAsync(s => s.SetProperty(l => l.DockerContainerId, dockerContainerId), cancellationToken).ConfigureAwait(false);
            return 0;
        }, cancellationToken);

    public Task<int> ReleaseAsync(string portalContainerId, CancellationToken cancellationToken) =>
        WithGateAsync(async db =>
        {
            var released = await db.GpuLeases.Where(l => l.PortalContainerId == portalContainerId)
                .ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
            if (released > 0)
            {
                LogReleased(_logger, released, portalContainerId);
            }

            return released;
        }, cancellationToken);

    public async Task<IReadOnlyList<GpuLeaseInfo>> ListLeasesAsync(CancellationToken cancellationToken)
    {
        var db = await _dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using var dbLifetime = db.ConfigureAwait(false);
        return await ReadLeasesAsync(db, cancellationToken).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<IReadOnlyList<GpuLeaseInfo>> WatchLeasesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Subscribe first, then read the database: a change published after the read arrives through the
        // subscription, and one made before it is in the read. (Reading first could lose a change in between.)
        var updates = _leases.WatchAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
        await using var updatesLifetime = updates.ConfigureAwait(false);
        // The broadcaster's own snapshot may predate any write since start-up; the database is the truth.
        if (!await updates.MoveNextAsync().ConfigureAwait(false))
        {
            yield break;
        }

        yield return await ListLeasesAsync(cancellationToken).ConfigureAwait(false);
        while (await updates.MoveNextAsync().ConfigureAwait(false))
        {
            yield return updates.Current;
        }
    }

    public Task ReconcileAsync(IReadOnlyList<RunningGpuContainer> running, CancellationToken cancellationToken) =>
        WithGateAsync(async db =>
        {
            var runningIds = running.Select(r => r.PortalContainerId).ToHashSet(StringComparer.Ordinal);
            var stale = await db.GpuLeases.Where(l => !runningIds.Contains(l.PortalContainerId)).ToListAsync(cancellationToken).ConfigureAwait(false);
            db.GpuLeases.RemoveRange(stale);
            // Saved before reading what is held: a stale lease must not count as the holder of a device that a running
            // container claims, or that container's lease is never restored and the device is handed out twice.
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            var existing = await db.GpuLeases.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
            var restored = 0;
            foreach (var container in running)
            {
                foreach (var deviceId in container.DeviceIds)
                {
                    var holder = existing.FirstOrDefault(l => l.DeviceId == deviceId);
                    if (holder is null)
                    {
                        db.GpuLeases.Add(NewLease(deviceId, container.Owner, container.PortalContainerId, container.ContainerName, container.DockerContainerId));
                        existing.Add(new GpuLease { DeviceId = deviceId, Owner = container.Owner, PortalContainerId = container.PortalContainerId, ContainerName = container.ContainerName });
                        restored++;
                    }
                    else if (holder.PortalContainerId != container.PortalContainerId)
                    {
                        // Two running containers claim one device: only possible if someone bypassed the portal.
                        LogConflict(_logger, deviceId, holder.ContainerName, container.ContainerName);
                    }
                }
            }

            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            LogReconciled(_logger, stale.Count, restored);
            return 0;
        }, cancellationToken);

    private async Task<T> WithGateAsync<T>(Func<PortalDbContext, Task<T>> action, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var db = await _dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            await using var dbLifetime = db.ConfigureAwait(false);
            var result = await action(db).ConfigureAwait(false);
            _leases.Publish(await ReadLeasesAsync(db, CancellationToken.None).ConfigureAwait(false));
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task InsertAsync(PortalDbContext db, string owner, string portalContainerId, string containerName, IReadOnlyList<string> deviceIds, CancellationToken cancellationToken)
    {
        foreach (var deviceId in deviceIds)
        {
            db.GpuLeases.Add(NewLease(deviceId, owner, portalContainerId, containerName, null));
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        if (deviceIds.Count > 0)
        {
            LogLeased(_logger, string.Join(",", deviceIds), owner, containerName);
        }
    }

    private GpuLease NewLease(string deviceId, string owner, string portalContainerId, string containerName, string? dockerId) => new()
    {
        DeviceId = deviceId,
        Owner = owner,
        PortalContainerId = portalContainerId,
        ContainerName = containerName,
        DockerContainerId = dockerId,
        LeasedAt = _timeProvider.GetUtcNow(),
    };

    private static async Task<IReadOnlyList<GpuLeaseInfo>> ReadLeasesAsync(PortalDbContext db, CancellationToken cancellationToken) =>
        await db.GpuLeases.AsNoTracking()
            .OrderBy(l => l.DeviceId)
            .Select(l => new GpuLeaseInfo(l.DeviceId, l.Owner, l.ContainerName, l.PortalContainerId, l.DockerContainerId, l.LeasedAt))
            .ToListAsync(cancellationToken).ConfigureAwait(false);

    private static string DescribeShortage(int wanted, int total, int free, IReadOnlyList<GpuLease> held)
    {
        if (total == 0)
        {
            return "This host has no GPUs the portal can lease. Launch with 0 GPUs, or ask an admin to check the GPU board.";
        }

        var holders = held.GroupBy(l => l.Owner).Select(g => $"{g.Key} ({g.Count()})");
        return $"{wanted} GPUs asked, {free} of {total} free. Held by: {string.Join(", ", holders)}. See the GPU board, or ask for fewer.";
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Leased {DeviceIds} to {Owner} for {ContainerName}")]
    private static partial void LogLeased(ILogger logger, string deviceIds, string owner, string containerName);

    [LoggerMessage(Level = LogLevel.Information, Message = "Released {Count} devices of container {PortalContainerId}")]
    private static partial void LogReleased(ILogger logger, int count, string portalContainerId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconciled GPU leases with Docker: {Dropped} dropped, {Restored} restored")]
    private static partial void LogReconciled(ILogger logger, int dropped, int restored);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Device {DeviceId} is claimed by both {Holder} and {Claimant}; keeping {Holder}")]
    private static partial void LogConflict(ILogger logger, string deviceId, string holder, string claimant);
}
