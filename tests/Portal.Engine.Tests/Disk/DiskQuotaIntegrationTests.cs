using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Containers;
using Portal.Engine.Disk;
using Portal.Engine.Launch;
using Portal.Engine.Quotas;
using Portal.Engine.Tests.Integration;

namespace Portal.Engine.Tests.Disk;

/// <summary>The disk quota on the real engine: over it a launch is refused with the items to remove; near it a warning; nothing running is stopped.</summary>
public sealed class DiskQuotaIntegrationTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(180);

    private static readonly Dictionary<string, string?> QuietSettings = new() { ["Disk:RefreshMinutes"] = "600", ["Disk:EventDebounceSeconds"] = "600" };

    [Fact]
    public async Task Launch_MemberOverDiskQuota_IsRefusedNamingTheLargestItemAndNothingRunningStops()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var env = new EngineEnvironment(QuietSettings);
        var engine = await env.StartEngineAsync(cts.Token);
        var alice = new Actor(env.NewUser(), IsAdmin: false);
        var filler = await LaunchFillerAsync(engine, alice, cts.Token);
        Assert.Empty(await engine.Quotas.SetOverrideAsync(alice.UserName, new QuotaOverride(null, null, null, null, null, MaxDiskGiB: 0.001), "admin", cts.Token));
        var measured = await engine.Services.GetRequiredService<IDiskUsage>().RefreshAsync(cts.Token);
        Assert.True(measured.Figures.For(alice.UserName).ContainersBytes >= 5L * 1024 * 1024);

        var refused = await engine.Manager.LaunchAsync(alice, Requests.Sleeper("more"), cts.Token);

        Assert.False(refused.Succeeded);
        Assert.Equal(LaunchErrorCodes.QuotaExceeded, refused.Error!.Code);
        Assert.StartsWith("You use ", refused.Error.Message, StringComparison.Ordinal);
        Assert.Contains("of your 0.001 GiB disk quota; remove some of: container filler (5.0 MiB writable layer)", refused.Error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(await env.ContainersOfAsync(alice.UserName, cts.Token), c => c.DisplayName == "more");
        Assert.True((await env.Containers.GetAsync(filler, cts.Token))!.IsRunning);
        var audit = await engine.Audit.QueryAsync(new Audit.AuditQuery { Action = "container.launch", Actor = alice.UserName }, cts.Token);
        Assert.Contains(audit.Entries, e => e.Outcome == Audit.AuditOutcome.Refused && e.Detail!.StartsWith("quota-exceeded: You use", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Status_MemberAtNinetyFivePercent_IsWarnedButMayStillLaunch()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var env = new EngineEnvironment(QuietSettings);
        var engine = await env.StartEngineAsync(cts.Token);
        var quota = engine.Services.GetRequiredService<IDiskQuota>();
        var alice = new Actor(env.NewUser(), IsAdmin: false);
        await LaunchFillerAsync(engine, alice, cts.Token);
        var used = (await engine.Services.GetRequiredService<IDiskUsage>().RefreshAsync(cts.Token)).Figures.For(alice.UserName).TotalBytes;
        Assert.Equal(DiskQuotaLevel.Unlimited, (await quota.GetStatusAsync(alice.UserName, cts.Token)).Level);
        Assert.Empty(await engine.Quotas.SetOverrideAsync(alice.UserName, new QuotaOverride(null, null, null, null, null, MaxDiskGiB: used / 0.95 / DiskBytes.BytesPerGiB), "admin", cts.Token));

        var status = await quota.GetStatusAsync(alice.UserName, cts.Token);

        Assert.Equal(DiskQuotaLevel.Warning, status.Level);
        Assert.InRange(status.UsedPercent!.Value, 94.9, 95.1);
        Assert.Null(await quota.CheckAsync(alice.UserName, cts.Token));
        var launched = await engine.Manager.LaunchAsync(alice, Requests.Sleeper("still-fits"), cts.Token);
        Assert.True(launched.Succeeded, launched.Error?.Message);
    }

    private static async Task<string> LaunchFillerAsync(EngineHost engine, Actor owner, CancellationToken cancellationToken)
    {
        var request = new LaunchRequest
        {
            Name = "filler",
            Image = EngineEnvironment.ShellImage,
            Command = ["sh", "-c", "dd if=/dev/zero of=/fill bs=1024 count=5120 2>/dev/null && echo done && sleep 600"],
        };
        var result = await engine.Manager.LaunchAsync(owner, request, cancellationToken);
        Assert.True(result.Succeeded, result.Error?.Message);
        var id = result.Container!.Id;
        await Poll.UntilAsync(() => DockerCli.OutputAsync(["logs", id], cancellationToken), text => text.Trim() == "done", TimeSpan.FromSeconds(30), "the filler to write", cancellationToken);
        return id;
    }
}
