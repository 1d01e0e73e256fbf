using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Entities;

namespace Portal.Engine.Images;

/// <summary>The <c>ImageRecords</c> table: who brought which image id through the portal. The first owner of an id keeps it.</summary>
internal sealed class ImageRecordStore(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider timeProvider)
{
    public async Task<IReadOnlyDictionary<string, ImageRecord>> ListAsync(CancellationToken cancellationToken)
    {
        var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using var dbLifetime = db.ConfigureAwait(false);
        var rows = await db.ImageRecords.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.ToDictionary(r => r.ImageId, StringComparer.Ordinal);
    }

    public async Task<ImageRecord?> FindAsync(string imageId, CancellationToken cancellationToken)
    {
        var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using var dbLifetime = db.ConfigureAwait(false);
        return await db.ImageRecords.AsNoTracking().SingleOrDefaultAsync(r => r.ImageId == imageId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records the image for its owner, unless someone brought the same image id first (a pull of what is there, a cached build).</summary>
    public async Task RecordAsync(string imageId, string owner, string source, string reference, CancellationToken cancellationToken)
    {
        var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using var dbLifetime = db.ConfigureAwait(false);
        if (await db.ImageRecords.AnyAsync(r => r.ImageId == imageId, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        db.ImageRecords.Add(new ImageRecord { ImageId = imageId, Owner = owner, Source = source, Reference = reference, CreatedAt = timeProvider.GetUtcNow() });
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException)
        {
            // Another action recorded the same id in between: the first owner keeps it.
        }
    }

    public async Task ForgetAsync(string imageId, CancellationToken cancellationToken)
    {
        var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using var dbLifetime = db.ConfigureAwait(false);
        await db.ImageRecords.Where(r => r.ImageId == imageId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
    }
}
