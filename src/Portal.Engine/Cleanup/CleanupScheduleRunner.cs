using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Portal.Engine.Cleanup;

/// <summary>
/// Runs the scheduled cleanup at each occurrence of its cron (UTC), as <see cref="CleanupAuditActions.ScheduleActor"/>
/// over everyone's items, and stores when it ran and what it did. Runs missed while the portal was down are not
/// made up; a change to the policy takes effect at once.
/// </summary>
internal sealed partial class CleanupScheduleRunner(
    CleanupScheduleService schedule,
    CleanupScheduleStore store,
    CleanupService cleanup,
    TimeProvider timeProvider,
    ILogger<CleanupScheduleRunner> logger) : BackgroundService
{
    // Long waits are cut into steps, so a clock that jumps (or a suspended host) is noticed within this.
    private static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var changed = schedule.ChangeToken;
                var next = await NextRunAsync(stoppingToken).ConfigureAwait(false);
                using var wake = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, changed);
                while (next is not null && timeProvider.GetUtcNow() < next && !wake.IsCancellationRequested)
                {
                    var wait = next.Value - timeProvider.GetUtcNow();
                    await DelayAsync(wait < MaxWait ? wait : MaxWait, wake.Token).ConfigureAwait(false);
                }

                if (next is null)
                {
                    await DelayAsync(Timeout.InfiniteTimeSpan, wake.Token).ConfigureAwait(false);
                }
                else if (!wake.IsCancellationRequested)
                {
                    await RunOnceAsync(stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // A database or engine hiccup must not end the schedule for the portal's lifetime.
                LogLoopFailed(logger, ex);
                await DelayAsync(TimeSpan.FromMinutes(1), stoppingToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>One scheduled run now, whatever the time: plans, removes, audits and stores the summary.</summary>
    internal async Task<CleanupRunResult?> RunOnceAsync(CancellationToken cancellationToken)
    {
        var row = await store.ReadAsync(cancellationToken).ConfigureAwait(false);
        var settings = CleanupScheduleStore.ToSettings(row);
        if (!settings.Enabled || settings.Targets.Count == 0)
        {
            return null;
        }

        var startedAt = timeProvider.GetUtcNow();
        var outcome = await cleanup.RunScheduledAsync(settings.ToRequest(), cancellationToken).ConfigureAwait(false);
        var summary = outcome.Result is { } result ? result.Summarize() : $"failed: {outcome.Error!.Message}";
        await store.SaveLastRunAsync(startedAt, summary, CancellationToken.None).ConfigureAwait(false);
        LogRan(logger, summary);
        return outcome;
    }

    private async Task<DateTimeOffset?> NextRunAsync(CancellationToken cancellationToken)
    {
        var row = await store.ReadAsync(cancellationToken).ConfigureAwait(false);
        var now = timeProvider.GetUtcNow();
        if (!row.Enabled || CleanupCron.Parse(row.Cron, now).Expression is not { } cron)
        {
            return null;
        }

        // Strictly after now: a run that ends within its own minute does not fire again for the same occurrence.
        return CleanupCron.NextRuns(cron, now, 1) is [var next] ? next : null;
    }

    private async Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, timeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Woken by a change or by shutdown; the loop decides which.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduled cleanup: {Summary}")]
    private static partial void LogRan(ILogger logger, string summary);

    [LoggerMessage(Level = LogLevel.Error, Message = "The cleanup schedule failed; trying again in a minute")]
    private static partial void LogLoopFailed(ILogger logger, Exception exception);
}
