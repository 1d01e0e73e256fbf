using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Engine.Launch;
using Portal.Engine.Templates;

namespace Portal.Engine.Cleanup;

/// <summary>Reads the engine and the portal's database afresh and lets <see cref="CleanupPlanner"/> judge every thing in scope.</summary>
internal sealed class CleanupCandidateSource(
    CleanupInventoryReader inventoryReader,
    IDbContextFactory<PortalDbContext> dbFactory,
    ITemplateService templates,
    TimeProvider timeProvider)
{
    public async Task<IReadOnlyList<CleanupCandidate>> ReadAsync(IReadOnlyCollection<string> targets, CleanupScope scope, string userName, CancellationToken cancellationToken)
    {
        var context = await ReadContextAsync(cancellationToken).ConfigureAwait(false);
        var inventory = await inventoryReader.ReadAsync(scope == CleanupScope.Mine ? userName : null, cancellationToken).ConfigureAwait(false);
        return CleanupPlanner.Evaluate(inventory, context, targets, scope, userName, timeProvider.GetUtcNow());
    }

    private async Task<CleanupPolicyContext> ReadContextAsync(CancellationToken cancellationToken)
    {
        var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using var dbLifetime = db.ConfigureAwait(false);
        var owners = await db.ImageRecords.AsNoTracking()
            .ToDictionaryAsync(r => r.ImageId, r => r.Owner, StringComparer.Ordinal, cancellationToken).ConfigureAwait(false);
        var protectedReferences = await db.ProtectedImages.AsNoTracking().Select(p => p.Reference).ToListAsync(cancellationToken).ConfigureAwait(false);
        var templateImages = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var template in await templates.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            templateImages.TryAdd(ImageReference.Normalize(template.Image) ?? template.Image, template.Name);
        }

        return new CleanupPolicyContext(
            owners,
            protectedReferences.Select(r => ImageReference.Normalize(r) ?? r).ToHashSet(StringComparer.Ordinal),
            templateImages);
    }
}
