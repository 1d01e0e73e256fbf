using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Engine.Audit;
using Portal.Engine.Common;
using Portal.Engine.Containers;
using Portal.Engine.Images;
using Portal.Engine.Volumes;

namespace Portal.Engine.Disk;

internal sealed class DiskItemRemover(
    IContainerManager containers,
    IImageOperations images,
    IVolumeOperations volumes,
    IDbContextFactory<PortalDbContext> dbFactory,
    IAuditLog audit,
    IDiskUsage usage) : IDiskItemRemover
{
    public async Task<DiskRemovalResult> RemoveAsync(Actor actor, DiskItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(item);
        return item.Kind switch
        {
            DiskItemKind.Container => await RemoveContainerAsync(actor, item, cancellationToken).ConfigureAwait(false),
            DiskItemKind.Image => await RemoveImageAsync(actor, item, cancellationToken).ConfigureAwait(false),
            DiskItemKind.Volume => await RemoveVolumeAsync(actor, item, cancellationToken).ConfigureAwait(false),
            _ => new DiskRemovalResult(false, $"{Capitalize(item.Describe())} cannot be removed from here."),
        };
    }

    /// <summary>Through the container manager, which checks ownership, releases GPUs and audits.</summary>
    private async Task<DiskRemovalResult> RemoveContainerAsync(Actor actor, DiskItem item, CancellationToken cancellationToken)
    {
        if (containers.Find(actor, item.Id) is not { } container)
        {
            return new DiskRemovalResult(false, $"There is no container '{item.Name}' of yours.");
        }

        if (container.IsRunning)
        {
            var stopped = await containers.StopAsync(actor, container.Id, cancellationToken).ConfigureAwait(false);
            if (!stopped.Succeeded)
            {
                return new DiskRemovalResult(false, $"Container {item.Name} did not stop: {stopped.Error!.Message}");
            }
        }

        var removed = await containers.RemoveAsync(actor, container.Id, cancellationToken).ConfigureAwait(false);
        return removed.Succeeded
            ? new DiskRemovalResult(true, $"Removed container {item.Name}; about {DiskBytes.Format(item.Bytes)} freed.")
            : new DiskRemovalResult(false, $"Container {item.Name} was not removed: {removed.Error!.Message}");
    }

    private async Task<DiskRemovalResult> RemoveImageAsync(Actor actor, DiskItem item, CancellationToken cancellationToken)
    {
        var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using var dbLifetime = db.ConfigureAwait(false);
        var record = await db.ImageRecords.SingleOrDefaultAsync(r => r.ImageId == item.Id, cancellationToken).ConfigureAwait(false);
        if (record is null || (!actor.IsAdmin && record.Owner != actor.UserName))
        {
            await AuditAsync(actor, "image.remove", item, AuditOutcome.Refused, "not found or not theirs").ConfigureAwait(false);
            return new DiskRemovalResult(false, $"There is no image '{item.Name}' of yours.");
        }

        var result = await images.RemoveAsync(item.Id, cancellationToken).ConfigureAwait(false);
        if (result.Status != RemovalStatus.InUse)
        {
            // Removed now or before: either way the record no longer describes an image on the engine.
            db.ImageRecords.Remove(record);
            await db.SaveChangesAsync(CancellationToken.None).ConfigureAwait(false);
        }

        return await ReportAsync(actor, "image.remove", item, result).ConfigureAwait(false);
    }

    private async Task<DiskRemovalResult> RemoveVolumeAsync(Actor actor, DiskItem item, CancellationToken cancellationToken)
    {
        var labels = await volumes.GetLabelsAsync(item.Id, cancellationToken).ConfigureAwait(false);
        var owner = labels?.GetValueOrDefault(PortalLabels.Owner);
        if (owner is null || (!actor.IsAdmin && owner != actor.UserName))
        {
            await AuditAsync(actor, "volume.remove", item, AuditOutcome.Refused, "not found or not theirs").ConfigureAwait(false);
            return new DiskRemovalResult(false, $"There is no volume '{item.Name}' of yours.");
        }

        var result = await volumes.RemoveAsync(item.Id, cancellationToken).ConfigureAwait(false);
        return await ReportAsync(actor, "volume.remove", item, result).ConfigureAwait(false);
    }

    private async Task<DiskRemovalResult> ReportAsync(Actor actor, string action, DiskItem item, RemovalResult result)
    {
        switch (result.Status)
        {
            case RemovalStatus.Removed:
                await AuditAsync(actor, action, item, AuditOutcome.Succeeded, $"{DiskBytes.Format(item.Bytes)} freed").ConfigureAwait(false);
                usage.RequestRefresh();
                return new DiskRemovalResult(true, $"Removed {item.Describe()}; about {DiskBytes.Format(item.Bytes)} freed.");
            case RemovalStatus.InUse:
                await AuditAsync(actor, action, item, AuditOutcome.Refused, "in use: " + result.Reason).ConfigureAwait(false);
                return new DiskRemovalResult(false, $"{Capitalize(item.Describe())} is in use, so the engine kept it: {result.Reason}. Remove the containers that use it first.");
            default:
                usage.RequestRefresh();
                return new DiskRemovalResult(false, $"{Capitalize(item.Describe())} was already gone.");
        }
    }

    private Task AuditAsync(Actor actor, string action, DiskItem item, string outcome, string detail) =>
        audit.WriteAsync(
            actor.UserName,
            action,
            item.Name,
            outcome,
            item.Owner is { } owner && owner != actor.UserName ? $"{detail}; by admin on {owner}'s" : detail,
            CancellationToken.None);

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
