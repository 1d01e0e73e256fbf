using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Entities;
using Portal.Engine.Containers;
using Portal.Engine.Disk;
using Portal.Engine.Quotas;
using Portal.Engine.Tests.Integration;

namespace Portal.Engine.Tests.Disk;

/// <summary>The background passes: readers get the last figures with their age while a pass runs, and never wait for it.</summary>
public sealed class DiskUsageMonitorTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    /// <summary>Far longer than any read may take; a read that waited for the held pass would never finish within it.</summary>
    private static readonly TimeSpan ReadBound = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task PassRunning_ReadsQuotaChecksAndLaunches_ServeTheLastFiguresWithoutWaiting()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var env = new EngineEnvironment(new Dictionary<string, string?> { ["Disk:RefreshMinutes"] = "600", ["Disk:EventDebounceSeconds"] = "600" });
        GatedScanner? gated = null;
        var engine = await env.StartEngineAsync(cts.Token, services =>
        {
            services.AddSingleton<DiskUsageScanner>();
            services.AddSingleton<IDiskUsageScanner>(sp => gated = new GatedScanner(sp.GetRequiredService<DiskUsageScanner>()));
        });
        var disk = engine.Services.GetRequiredService<IDiskUsage>();
        var quota = engine.Services.GetRequiredService<IDiskQuota>();
        var alice = new Actor(env.NewUser(), IsAdmin: false);
        // An account, as every portal user has: her workspace is hers before she owns anything on the engine.
        await using (var db = env.CreateDbContext())
        {
            db.Users.Add(new PortalUser { UserName = alice.UserName, NormalizedUserName = alice.UserName.ToUpperInvariant(), CreatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync(cts.Token);
        }

        Directory.CreateDirectory(Path.Combine(env.WorkspaceRoot, alice.UserName));
        await File.WriteAllBytesAsync(Path.Combine(env.WorkspaceRoot, alice.UserName, "data.bin"), new byte[2_048], cts.Token);
        Assert.Empty(await engine.Quotas.SetOverrideAsync(alice.UserName, new QuotaOverride(null, null, null, null, null, MaxDiskGiB: 1), "admin", cts.Token));
        var before = await disk.RefreshAsync(cts.Token);
        Assert.Null(before.Error);
        Assert.False(before.IsRefreshing);

        gated!.Close();
        var held = disk.RefreshAsync(cts.Token);
        await gated.Entered.WaitAsync(cts.Token);
        // More bytes that the held pass will see, the figures served now must not.
        await File.WriteAllBytesAsync(Path.Combine(env.WorkspaceRoot, alice.UserName, "more.bin"), new byte[1_000], cts.Token);

        var during = disk.Current;
        Assert.True(during.IsRefreshing);
        Assert.NotNull(during.RefreshStartedAt);
        Assert.Equal(before.MeasuredAt, during.MeasuredAt);
        Assert.Equal(before.CompletedPasses, during.CompletedPasses);
        Assert.Same(before.Figures, during.Figures);
        Assert.Equal(2_048, during.Figures.For(alice.UserName).WorkspaceBytes);
        Assert.True(during.AgeAt(DateTimeOffset.UtcNow) >= TimeSpan.Zero);
        var status = await quota.GetStatusAsync(alice.UserName, cts.Token).WaitAsync(ReadBound, cts.Token);
        Assert.Equal((DiskQuotaLevel.Ok, 2_048L), (status.Level, status.UsedBytes));
        Assert.Null(await quota.CheckAsync(alice.UserName, cts.Token).WaitAsync(ReadBound, cts.Token));
        var launched = await engine.Manager.LaunchAsync(alice, Requests.Sleeper("during-scan"), cts.Token).WaitAsync(ReadBound, cts.Token);
        Assert.True(launched.Succeeded, launched.Error?.Message);
        Assert.False(held.IsCompleted);

        gated.Open();
        var after = await held;

        Assert.Null(after.Error);
        Assert.False(after.IsRefreshing);
        Assert.True(after.CompletedPasses > before.CompletedPasses);
        Assert.True(after.MeasuredAt > before.MeasuredAt);
        Assert.Equal(3_048, after.Figures.For(alice.UserName).WorkspaceBytes);
        Assert.Equal(1, after.Figures.For(alice.UserName).Containers);
    }

    [Fact]
    public async Task RequestRefresh_ReturnsAtOnceAndShowsRefreshingUntilThePassEnds()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var env = new EngineEnvironment(new Dictionary<string, string?> { ["Disk:RefreshMinutes"] = "600", ["Disk:EventDebounceSeconds"] = "600" });
        GatedScanner? gated = null;
        var engine = await env.StartEngineAsync(cts.Token, services =>
        {
            services.AddSingleton<DiskUsageScanner>();
            services.AddSingleton<IDiskUsageScanner>(sp => gated = new GatedScanner(sp.GetRequiredService<DiskUsageScanner>()));
        });
        var disk = engine.Services.GetRequiredService<IDiskUsage>();
        var first = await disk.RefreshAsync(cts.Token);
        gated!.Close();

        disk.RequestRefresh();
        disk.RequestRefresh();

        Assert.True(disk.Current.IsRefreshing);
        await gated.Entered.WaitAsync(cts.Token);
        Assert.Equal(first.CompletedPasses, disk.Current.CompletedPasses);
        gated.Open();
        var done = await Poll.UntilAsync(() => disk.Current, s => !s.IsRefreshing, TimeSpan.FromSeconds(60), "the requested pass to end", cts.Token);
        Assert.True(done.CompletedPasses > first.CompletedPasses);
        Assert.Null(done.RefreshStartedAt);
    }
}
