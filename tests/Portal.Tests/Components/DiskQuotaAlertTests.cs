using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Portal.Components.Disk;
using Portal.Components.Pages;
using Portal.Engine.Disk;
using Portal.Tests.Components.Fakes;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Components;

/// <summary>The disk quota warning where users launch: nothing below 90 %, a warning from there, an error over the quota; live.</summary>
public sealed class DiskQuotaAlertTests : PortalComponentTestBase, IClassFixture<GpuPortalAppFactory>
{
    private const long GiB = 1024L * 1024 * 1024;

    private readonly GpuPortalAppFactory _portal;
    private readonly FakeDiskUsage _usage = new(DiskUsageSnapshot.Initial);
    private readonly FakeDiskQuota _quota;

    public DiskQuotaAlertTests(GpuPortalAppFactory portal)
    {
        _portal = portal;
        _quota = new FakeDiskQuota(_usage);
        // The Launch page on the real engine services, with the accounting faked on top.
        this.AddPortalEngineServices(portal);
        Services.AddSingleton<IDiskUsage>(_usage);
        Services.AddSingleton<IDiskQuota>(_quota);
    }

    [Fact]
    public void Alert_UsageCrossesNinetyPercentThenTheQuota_WarnsThenRefusesLive()
    {
        _quota.Set("alice", 10);
        _usage.Publish(FakeDiskUsage.Measured(TimeSpan.Zero, new UserDiskUsage("alice") { WorkspaceBytes = 5 * GiB }));
        var cut = Render<DiskQuotaAlert>(p => p.Add(a => a.UserName, "alice"));
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=disk-quota-alert]")), TestTimeout.Render);

        _usage.Publish(FakeDiskUsage.Measured(TimeSpan.Zero, new UserDiskUsage("alice") { WorkspaceBytes = 9 * GiB + (GiB / 2) }));

        cut.WaitForAssertion(() => Assert.Equal("warning", cut.Find("[data-testid=disk-quota-alert]").GetAttribute("data-level")), TestTimeout.Render);
        Assert.Contains("9.5 GiB of your 10 GiB disk quota (95 %)", cut.Find("[data-testid=disk-quota-alert]").TextContent);
        Assert.Equal("/disk", cut.Find("[data-testid=disk-quota-alert-link]").GetAttribute("href"));

        _usage.Publish(FakeDiskUsage.Measured(TimeSpan.Zero, new UserDiskUsage("alice") { WorkspaceBytes = 11 * GiB }));

        cut.WaitForAssertion(() => Assert.Equal("exceeded", cut.Find("[data-testid=disk-quota-alert]").GetAttribute("data-level")), TestTimeout.Render);
        Assert.Contains("new containers are refused", cut.Find("[data-testid=disk-quota-alert]").TextContent);
    }

    [Fact]
    public async Task LaunchPage_MemberNearTheDiskQuota_ShowsTheWarning()
    {
        await _portal.WaitUntilReadyAsync();
        var member = await _portal.CreateUserAsync("near");
        AddAuthorization().SetAuthorized(member);
        _quota.Set(member, 1);
        _usage.Publish(FakeDiskUsage.Measured(TimeSpan.Zero, new UserDiskUsage(member) { ContainersBytes = (long)(0.93 * GiB) }));

        var cut = Render<Launch>();

        cut.WaitForAssertion(() => Assert.Equal("warning", cut.Find("[data-testid=disk-quota-alert]").GetAttribute("data-level")), TestTimeout.Render);
        Assert.NotNull(cut.Find("[data-testid=launch-form]"));
    }
}
