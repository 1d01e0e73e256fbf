using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Entities;

namespace Portal.Engine.Cleanup;

/// <summary>The <c>CleanupSchedules</c> singleton row; absent means the defaults, and the first save creates it.</summary>
internal sealed class CleanupScheduleStore(IDbContextFactory<PortalDbContext> dbFactory)
{
    public async Task<CleanupSchedule> ReadAsync(CancellationToken cancellationToken)
    {
        var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using var dbLifetime = db.ConfigureAwait(false);
        return await db.CleanupSchedules.AsNoTracking().SingleOrDefaultAsync(s => s.Id == CleanupSchedule.SingletonId, cancellationToken).ConfigureAwait(false)
            ?? NewRow(CleanupScheduleSettings.Default);
    }

    public async Task SaveSettingsAsync(CleanupScheduleSettings settings, string actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await ChangeAsync(
            row =>
            {
                row.Enabled = settings.Enabled;
                row.Cron = settings.Cron.Trim();
                row.Targets = CleanupTargets.ToStored(settings.Targets);
                row.OlderThanDays = settings.OlderThanDays;
                row.NoticeDays = settings.NoticeDays;
                row.UpdatedAt = now;
                row.UpdatedBy = actor;
            },
            cancellationToken).ConfigureAwait(false);
    }

    public Task SaveLastRunAsync(DateTimeOffset at, string summary, CancellationToken cancellationToken) =>
        ChangeAsync(
            row =>
            {
                row.LastRunAt = at;
                row.LastRunSummary = summary.Length > 2048 ? summary[..2048] : summary;
            },
            cancellationToken);

    public static CleanupScheduleSettings ToSettings(CleanupSchedule row) =>
        new(row.Enabled, row.Cron, CleanupTargets.FromStored(row.Targets), row.OlderThanDays, row.NoticeDays);

    private async Task ChangeAsync(Action<CleanupSchedule> change, CancellationToken cancellationToken)
    {
        var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using var dbLifetime = db.ConfigureAwait(false);
        var row = await db.CleanupSchedules.SingleOrDefaultAsync(s => s.Id == CleanupSchedule.SingletonId, cancellationToken).ConfigureAwait(false);
        if (row is null)
        {
            row = NewRow(CleanupScheduleSettings.Default);
            db.CleanupSchedules.Add(row);
        }

        change(row);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    private static CleanupSchedule NewRow(CleanupScheduleSettings settings) => new()
    {
        Id = CleanupSchedule.SingletonId,
        Enabled = settings.Enabled,
        Cron = settings.Cron,
        Targets = CleanupTargets.ToStored(settings.Targets),
        OlderThanDays = settings.OlderThanDays,
        NoticeDays = settings.NoticeDays,
    };
}
