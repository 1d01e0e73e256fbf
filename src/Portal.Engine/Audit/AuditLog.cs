using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Entities;

namespace Portal.Engine.Audit;

internal sealed class AuditLog(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider timeProvider) : IAuditLog
{
    private const int MaxDetailLength = 2000;

    public async Task WriteAsync(string actor, string action, string target, string outcome, string? detail, CancellationToken cancellationToken)
    {
        var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using var dbLifetime = db.ConfigureAwait(false);
        db.AuditRecords.Add(new AuditRecord
        {
            At = timeProvider.GetUtcNow(),
            Actor = Truncate(actor, 64),
            Action = Truncate(action, 64),
            Target = Truncate(target, 200),
            Outcome = outcome,
            Detail = detail is null ? null : Truncate(detail, MaxDetailLength),
        });
        // An audit record must not be lost because the caller's request was cancelled after the action happened.
        await db.SaveChangesAsync(CancellationToken.None).ConfigureAwait(false);
    }

    public async Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using var dbLifetime = db.ConfigureAwait(false);
        IQueryable<AuditRecord> records = db.AuditRecords.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Actor))
        {
            records = records.Where(r => r.Actor == query.Actor);
        }

        if (!string.IsNullOrWhiteSpace(query.Action))
        {
            records = query.Action.EndsWith('.')
                ? records.Where(r => r.Action.StartsWith(query.Action))
                : records.Where(r => r.Action == query.Action);
        }

        if (!string.IsNullOrWhiteSpace(query.Target))
        {
            records = records.Where(r => r.Target.Contains(query.Target));
        }

        if (!string.IsNullOrWhiteSpace(query.Outcome))
        {
            records = records.Where(r => r.Outcome == query.Outcome);
        }

        if (query.Since is { } since)
        {
            records = records.Where(r => r.At >= since);
        }

        if (query.Until is { } until)
        {
            records = records.Where(r => r.At <= until);
        }

        var total = await records.CountAsync(cancellationToken).ConfigureAwait(false);
        var page = await records
            .OrderByDescending(r => r.At).ThenByDescending(r => r.Id)
            .Skip(Math.Max(0, query.Skip))
            .Take(Math.Clamp(query.Take, 1, 1000))
            .Select(r => new AuditEntry(r.Id, r.At, r.Actor, r.Action, r.Target, r.Outcome, r.Detail))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return new AuditPage(page, total);
    }

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];
}
