using Portal.Engine.Audit;

namespace Portal.Engine.Cleanup;

internal sealed class CleanupScheduleService(
    CleanupScheduleStore store,
    CleanupCandidateSource source,
    IAuditLog audit,
    TimeProvider timeProvider) : ICleanupSchedule, IDisposable
{
    private const int NextRunCount = 3;

    private readonly Lock _gate = new();
    private CancellationTokenSource _changed = new();

    /// <summary>Cancelled when the policy changes, so the runner stops waiting for a run time that no longer holds.</summary>
    public CancellationToken ChangeToken
    {
        get
        {
            lock (_gate)
            {
                return _changed.Token;
            }
        }
    }

    public async Task<CleanupScheduleView> GetAsync(CancellationToken cancellationToken)
    {
        var row = await store.ReadAsync(cancellationToken).ConfigureAwait(false);
        var settings = CleanupScheduleStore.ToSettings(row);
        var (cron, _) = CleanupCron.Parse(settings.Cron, timeProvider.GetUtcNow());
        return new CleanupScheduleView(
            settings,
            CleanupCron.Describe(settings.Cron),
            cron is null ? [] : CleanupCron.NextRuns(cron, timeProvider.GetUtcNow(), NextRunCount),
            row.LastRunAt,
            row.LastRunSummary,
            row.UpdatedBy is null ? null : row.UpdatedAt,
            row.UpdatedBy);
    }

    public async Task<CleanupScheduleUpdateResult> UpdateAsync(string actor, CleanupScheduleSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var errors = Validate(settings, timeProvider.GetUtcNow());
        if (errors.Count > 0)
        {
            await audit.WriteAsync(
                actor,
                CleanupAuditActions.ScheduleUpdate,
                "cleanup schedule",
                AuditOutcome.Refused,
                string.Join(" ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")),
                CancellationToken.None).ConfigureAwait(false);
            return new CleanupScheduleUpdateResult(null, errors);
        }

        var canonical = settings with { Cron = settings.Cron.Trim(), Targets = CleanupTargets.Parse(settings.Targets).Targets! };
        await store.SaveSettingsAsync(canonical, actor, timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        await audit.WriteAsync(
            actor,
            CleanupAuditActions.ScheduleUpdate,
            "cleanup schedule",
            AuditOutcome.Succeeded,
            $"{(canonical.Enabled ? "on" : "off")}; '{canonical.Cron}'; {string.Join(",", canonical.Targets)}; older than {canonical.OlderThanDays}d; notice {canonical.NoticeDays}d",
            CancellationToken.None).ConfigureAwait(false);
        SignalChange();
        return new CleanupScheduleUpdateResult(await GetAsync(cancellationToken).ConfigureAwait(false), new Dictionary<string, string[]>());
    }

    public async Task<CleanupSchedulePreview?> PreviewAsync(CancellationToken cancellationToken)
    {
        var settings = CleanupScheduleStore.ToSettings(await store.ReadAsync(cancellationToken).ConfigureAwait(false));
        var now = timeProvider.GetUtcNow();
        if (CleanupCron.Parse(settings.Cron, now).Expression is not { } cron || CleanupCron.NextRuns(cron, now, 1) is not [var runAt] || settings.Targets.Count == 0)
        {
            return null;
        }

        var request = settings.ToRequest();
        var candidates = await source.ReadAsync(request.Targets, request.Scope, CleanupAuditActions.ScheduleActor, cancellationToken).ConfigureAwait(false);
        var plan = new CleanupPlan(
            request,
            now,
            CleanupPlanner.Eligible(candidates, request.OlderThanDays, runAt),
            CleanupDockerCommands.For(request, CleanupAuditActions.ScheduleActor));
        return new CleanupSchedulePreview(runAt, plan);
    }

    public async Task<IReadOnlyList<CleanupNotice>> GetNoticesAsync(string userName, CancellationToken cancellationToken)
    {
        var settings = CleanupScheduleStore.ToSettings(await store.ReadAsync(cancellationToken).ConfigureAwait(false));
        var now = timeProvider.GetUtcNow();
        if (!settings.Enabled || settings.NoticeDays <= 0 || settings.Targets.Count == 0 || CleanupCron.Parse(settings.Cron, now).Expression is not { } cron)
        {
            return [];
        }

        var candidates = await source.ReadAsync(settings.Targets, CleanupScope.Mine, userName, cancellationToken).ConfigureAwait(false);
        return CleanupNotices.Compute(cron, settings.OlderThanDays, settings.NoticeDays, now, candidates);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _changed.Dispose();
        }
    }

    internal static Dictionary<string, string[]> Validate(CleanupScheduleSettings settings, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        if (CleanupCron.Parse(settings.Cron, now).Error is { } cronError)
        {
            errors["cron"] = [cronError];
        }

        if (CleanupTargets.Parse(settings.Targets).Error is { } targetError)
        {
            errors["targets"] = [targetError];
        }

        if (settings.OlderThanDays is < 0 or > CleanupRequest.MaxOlderThanDays)
        {
            errors["olderThanDays"] = [$"Use 0 to {CleanupRequest.MaxOlderThanDays} days."];
        }

        if (settings.NoticeDays is < 0 or > CleanupScheduleSettings.MaxNoticeDays)
        {
            errors["noticeDays"] = [$"Use 0 to {CleanupScheduleSettings.MaxNoticeDays} days (0: no notices)."];
        }

        return errors;
    }

    private void SignalChange()
    {
        CancellationTokenSource previous;
        lock (_gate)
        {
            previous = _changed;
            _changed = new CancellationTokenSource();
        }

        // Not disposed: the runner may be linking to its token right now; a cancelled source without timers holds nothing.
        previous.Cancel();
    }
}
