using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Engine.Audit;
using Portal.Engine.Launch;

namespace Portal.Engine.Cleanup;

internal sealed class ProtectedImages(IDbContextFactory<PortalDbContext> dbFactory, IAuditLog audit, TimeProvider timeProvider) : IProtectedImages
{
    public async Task<IReadOnlyList<ProtectedImageView>> ListAsync(CancellationToken cancellationToken)
    {
        var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using var dbLifetime = db.ConfigureAwait(false);
        var rows = await db.ProtectedImages.AsNoTracking().OrderBy(p => p.Reference).ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.Select(ToView).ToList();
    }

    public async Task<(ProtectedImageView? Protected, string? Error)> ProtectAsync(string actor, string reference, CancellationToken cancellationToken)
    {
        var normalized = Normalize(reference);
        if (normalized is null)
        {
            var error = $"'{reference}' is not an image reference; use repository:tag, e.g. portal/python:latest.";
            await audit.WriteAsync(actor, CleanupAuditActions.Protect, reference, AuditOutcome.Refused, error, CancellationToken.None).ConfigureAwait(false);
            return (null, error);
        }

        var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using var dbLifetime = db.ConfigureAwait(false);
        var row = await db.ProtectedImages.SingleOrDefaultAsync(p => p.Reference == normalized, cancellationToken).ConfigureAwait(false);
        if (row is null)
        {
            row = new ProtectedImage { Reference = normalized, ProtectedBy = actor, ProtectedAt = timeProvider.GetUtcNow() };
            db.ProtectedImages.Add(row);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            await audit.WriteAsync(actor, CleanupAuditActions.Protect, normalized, AuditOutcome.Succeeded, null, CancellationToken.None).ConfigureAwait(false);
        }

        return (ToView(row), null);
    }

    public async Task<bool> UnprotectAsync(string actor, string reference, CancellationToken cancellationToken)
    {
        var normalized = Normalize(reference) ?? reference;
        var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using var dbLifetime = db.ConfigureAwait(false);
        var removed = await db.ProtectedImages.Where(p => p.Reference == normalized).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false) > 0;
        if (removed)
        {
            await audit.WriteAsync(actor, CleanupAuditActions.Unprotect, normalized, AuditOutcome.Succeeded, null, CancellationToken.None).ConfigureAwait(false);
        }

        return removed;
    }

    /// <summary>By name and tag only: a digest names one build, which a protection by name is meant to outlive.</summary>
    private static string? Normalize(string? reference) =>
        ImageReference.Normalize(reference) is { } normalized && !normalized.Contains('@', StringComparison.Ordinal) ? normalized : null;

    private static ProtectedImageView ToView(ProtectedImage row) => new(row.Reference, row.ProtectedBy, row.ProtectedAt);
}
