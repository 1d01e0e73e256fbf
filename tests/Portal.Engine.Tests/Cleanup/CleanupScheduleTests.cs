using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Portal.Engine.Audit;
using Portal.Engine.Cleanup;
using Portal.Engine.Containers;
using Portal.Engine.Tests.Integration;

namespace Portal.Engine.Tests.Cleanup;

/// <summary>The scheduled cleanup on the real engine and SQLite: its policy, next runs, preview, owners' notices and a run as the system.</summary>
public sealed class CleanupScheduleTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(180);

    [Fact]
    public async Task Schedule_NightlyUnusedImagesOlderThan30Days_PreviewsTheNextRunAndTellsOwnersAhead()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var env = new EngineEnvironment();
        await using var world = new CleanupWorld(env);
        var engine = await env.StartEngineAsync(cts.Token);
        var schedule = engine.Services.GetRequiredService<ICleanupSchedule>();
        var admin = env.NewUser();
        var alice = env.NewUser();
        var bob = env.NewUser();
        var now = DateTimeOffset.UtcNow;
        var repository = $"portal/cleanup-{alice}";
        var due = await world.ImageAsync(alice, $"{repository}:due", cts.Token, created: now.AddDays(-31));
        var soon = await world.ImageAsync(alice, $"{repository}:soon", cts.Token, created: now.AddDays(-28.5));
        var young = await world.ImageAsync(alice, $"{repository}:young", cts.Token, created: now.AddDays(-10));

        // Nightly at an hour at least 11 hours away: the runner of this engine must not fire during the test (it would
        // take everyone's old things on the shared engine).
        var hour = (now.Hour + 12) % 24;

        var saved = await schedule.UpdateAsync(admin, new CleanupScheduleSettings(true, $" 0 {hour} * * * ", [CleanupTargets.UnusedImages, CleanupTargets.StoppedContainers], 30, 3), cts.Token);

        Assert.True(saved.Succeeded, string.Join(" ", saved.Errors.SelectMany(e => e.Value)));
        var view = saved.Schedule!;
        Assert.Equal($"0 {hour} * * *", view.Settings.Cron);
        Assert.Equal([CleanupTargets.StoppedContainers, CleanupTargets.UnusedImages], view.Settings.Targets);
        Assert.Equal($"every day at {hour:00}:00 UTC", view.CronDescription);
        Assert.Equal(3, view.NextRuns.Count);
        Assert.All(view.NextRuns, r => Assert.Equal((hour, 0, 0), (r.Hour, r.Minute, r.Second)));
        Assert.InRange(view.NextRuns[0], now, now.AddDays(1));
        Assert.Equal(view.NextRuns[0], view.NextRun);
        Assert.Equal(admin, view.UpdatedBy);

        // The preview judges ages at the run's time: the due image goes; the others are not old enough by then.
        var preview = await schedule.PreviewAsync(cts.Token);
        Assert.Equal(view.NextRuns[0], preview!.RunAt);
        Assert.Equal(CleanupScope.All, preview.Plan.Request.Scope);
        var previewIds = preview.Plan.Items.Select(i => i.Id).ToList();
        Assert.Contains("image:" + due, previewIds);
        Assert.DoesNotContain("image:" + soon, previewIds);
        Assert.DoesNotContain("image:" + young, previewIds);

        // Alice hears of the due image (next run) and of the one that turns 30 days old within the notice period.
        var notices = await schedule.GetNoticesAsync(alice, cts.Token);
        Assert.Equal(["image:" + due, "image:" + soon], notices.Select(n => n.Item.Id));
        Assert.Equal(view.NextRuns[0], notices[0].RemovalAt);
        Assert.InRange(notices[1].RemovalAt, now.AddDays(1.5), now.AddDays(3));
        Assert.Equal(hour, notices[1].RemovalAt.Hour);
        Assert.Empty(await schedule.GetNoticesAsync(bob, cts.Token));

        // Off means no notices.
        Assert.True((await schedule.UpdateAsync(admin, view.Settings with { Enabled = false }, cts.Token)).Succeeded);
        Assert.Empty(await schedule.GetNoticesAsync(alice, cts.Token));
        Assert.Null((await schedule.GetAsync(cts.Token)).NextRun);
    }

    [Fact]
    public async Task Update_InvalidCronOrTargets_IsRefusedWithFieldErrorsAndAudited()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var env = new EngineEnvironment();
        var engine = await env.StartEngineAsync(cts.Token);
        var schedule = engine.Services.GetRequiredService<ICleanupSchedule>();
        var admin = env.NewUser();

        var result = await schedule.UpdateAsync(admin, new CleanupScheduleSettings(true, "61 3 * * *", ["old-stuff"], -1, 3), cts.Token);

        Assert.False(result.Succeeded);
        Assert.Contains("'61 3 * * *' is not a valid cron expression", result.Errors["cron"][0], StringComparison.Ordinal);
        Assert.Contains("'old-stuff'", result.Errors["targets"][0], StringComparison.Ordinal);
        Assert.Contains("olderThanDays", result.Errors.Keys);
        var stored = await schedule.GetAsync(cts.Token);
        Assert.Equal(CleanupScheduleSettings.Default.Cron, stored.Settings.Cron);
        Assert.False(stored.Settings.Enabled);
        var audit = await engine.Audit.QueryAsync(new AuditQuery { Actor = admin, Action = CleanupAuditActions.ScheduleUpdate }, cts.Token);
        Assert.Equal(AuditOutcome.Refused, Assert.Single(audit.Entries).Outcome);
    }

    [Fact]
    public async Task RunOnce_Enabled_RunsAsTheSystemAuditsEachRemovalAndStoresTheSummary()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var env = new EngineEnvironment();
        var engine = await env.StartEngineAsync(cts.Token);
        var schedule = engine.Services.GetRequiredService<ICleanupSchedule>();
        var runner = engine.Services.GetServices<IHostedService>().OfType<CleanupScheduleRunner>().Single();
        // Only the build cache: a scheduled run takes everyone's things, and other tests share this engine.
        Assert.True((await schedule.UpdateAsync(env.NewUser(), new CleanupScheduleSettings(true, "30 4 * * 1", [CleanupTargets.BuildCache], 0, 0), cts.Token)).Succeeded);

        var outcome = await runner.RunOnceAsync(cts.Token);

        Assert.True(outcome!.Succeeded, outcome.Error?.Message);
        Assert.Equal(["build-cache"], outcome.Result!.Removed.Select(r => r.Id));
        var view = await schedule.GetAsync(cts.Token);
        Assert.NotNull(view.LastRunAt);
        Assert.Equal(outcome.Result.Summarize(), view.LastRunSummary);
        Assert.StartsWith("removed 1 (", view.LastRunSummary, StringComparison.Ordinal);
        Assert.Equal("every Monday at 04:30 UTC", view.CronDescription);
        var removals = await engine.Audit.QueryAsync(new AuditQuery { Actor = CleanupAuditActions.ScheduleActor, Action = CleanupAuditActions.Remove }, cts.Token);
        var removal = Assert.Single(removals.Entries, e => e.At >= view.LastRunAt);
        Assert.Equal("build-cache build cache", removal.Target);
        Assert.Matches(@"freed [\d.]+ (B|KiB|MiB|GiB) \(\d+ bytes\)", removal.Detail);
        var runs = await engine.Audit.QueryAsync(new AuditQuery { Actor = CleanupAuditActions.ScheduleActor, Action = CleanupAuditActions.Run }, cts.Token);
        Assert.Equal(AuditOutcome.Succeeded, Assert.Single(runs.Entries).Outcome);
    }

    [Fact]
    public async Task RunOnce_Disabled_DoesNothing()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var env = new EngineEnvironment();
        var engine = await env.StartEngineAsync(cts.Token);
        var runner = engine.Services.GetServices<IHostedService>().OfType<CleanupScheduleRunner>().Single();

        var outcome = await runner.RunOnceAsync(cts.Token);

        Assert.Null(outcome);
        Assert.Null((await engine.Services.GetRequiredService<ICleanupSchedule>().GetAsync(cts.Token)).LastRunAt);
        Assert.Equal(0, (await engine.Audit.QueryAsync(new AuditQuery { Actor = CleanupAuditActions.ScheduleActor }, cts.Token)).Total);
    }
}
