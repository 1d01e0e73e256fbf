using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Portal.Components.Pages;
using Portal.Engine.Engine;
using Portal.Engine.Gpus;
using Portal.Engine.Host;
using Portal.Tests.Components.Fakes;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Components;

/// <summary>
/// The home page's host overview: engine, CPU and memory, disks (driven by fakes), and every GPU with its holder from
/// the real inventory (a captured 8x V100S host) and the real allocator.
/// </summary>
public sealed class HomePageTests : PortalComponentTestBase, IClassFixture<GpuPortalAppFactory>
{
    private const long GiB = 1024L * 1024 * 1024;

    private readonly GpuPortalAppFactory _portal;
    private readonly FakeEngineStatusMonitor _engine = new(EngineStatus.Unknown(DateTimeOffset.UtcNow));
    private readonly FakeHostMonitor _host = new(FakeHostMonitor.Sample());
    private readonly FakeDiskSpaceMonitor _disks = new([]);

    public HomePageTests(GpuPortalAppFactory portal)
    {
        _portal = portal;
        Services.AddSingleton<IEngineStatusMonitor>(_engine);
        Services.AddSingleton<IHostMonitor>(_host);
        Services.AddSingleton<IDiskSpaceMonitor>(_disks);
        Services.AddSingleton(portal.Services.GetRequiredService<IGpuInventory>());
        Services.AddSingleton(portal.Services.GetRequiredService<IGpuAllocator>());
        AddAuthorization().SetAuthorized(PortalAppFactory.AdminUserName);
    }

    [Fact]
    public void Home_EngineAnswers_ShowsVersionsAndCounts()
    {
        var cut = Render<Home>();
        Assert.Empty(cut.FindAll("[data-testid=engine-version]"));

        _engine.Publish(FakeEngineStatusMonitor.Reachable("20.10.24"));

        cut.WaitForAssertion(() => Assert.Equal("20.10.24", cut.Find("[data-testid=engine-version]").TextContent), TestTimeout.Render);
        Assert.Equal("1.41", cut.Find("[data-testid=engine-api-version]").TextContent);
        Assert.Equal("3 (2 running, 1 stopped)", cut.Find("[data-testid=engine-containers]").TextContent);
    }

    [Fact]
    public void Home_NewHostSample_ShowsCpuUse()
    {
        var cut = Render<Home>();
        Assert.Contains("measuring", cut.Find("[data-testid=host-card]").TextContent);
        Assert.Contains("gpu-box", cut.Find("[data-testid=host-card]").TextContent);

        _host.Publish(FakeHostMonitor.Sample(cpuPercent: 42));

        cut.WaitForAssertion(() => Assert.Contains("42% busy", cut.Find("[data-testid=host-card]").TextContent), TestTimeout.Render);
    }

    [Fact]
    public void Home_DiskReadings_ShowFreeAndUsedPerDiskLive()
    {
        var cut = Render<Home>();
        Assert.Empty(cut.FindAll("[data-testid=host-disk]"));

        _disks.Publish(
        [
            new DiskSpace { Label = "Docker", Path = "/var/lib/docker", TotalBytes = 100 * GiB, UsedBytes = 60 * GiB, FreeBytes = 35 * GiB },
            new DiskSpace { Label = "Workspaces", Path = "/srv/portal/workspaces", Error = "The folder is not visible from the portal." },
        ]);

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=host-disk]").Count), TestTimeout.Render);
        var docker = cut.Find("[data-testid=host-disk][data-label=Docker]");
        Assert.Contains("/var/lib/docker", docker.TextContent);
        Assert.Contains("35 GiB free, 60 GiB used", docker.TextContent);
        Assert.NotNull(docker.QuerySelector(".mud-progress-linear"));
        var workspaces = cut.Find("[data-testid=host-disk][data-label=Workspaces]");
        Assert.Contains("not visible from the portal", workspaces.TextContent);
        Assert.Null(workspaces.QuerySelector(".mud-progress-linear"));
    }

    [Fact]
    public async Task Home_Gpus_ListsEveryGpuAndItsHolderLive()
    {
        await _portal.WaitUntilReadyAsync();
        var allocator = _portal.Services.GetRequiredService<IGpuAllocator>();
        var owner = ApiClientExtensions.UniqueUserName("home-holder");
        var portalId = Guid.NewGuid().ToString("N");

        var cut = Render<Home>();

        cut.WaitForAssertion(() => Assert.Equal(GpuPortalAppFactory.GpuCount, cut.FindAll("[data-testid=host-gpu]").Count), TestTimeout.Render);
        Assert.Equal(Enumerable.Range(0, 8).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), cut.FindAll("[data-testid=host-gpu]").Select(g => g.GetAttribute("data-gpu-index")));
        Assert.Contains(GpuPortalAppFactory.GpuName, cut.Find("[data-testid=host-gpu]").TextContent);
        Assert.Contains("util 97%", cut.Find("[data-testid=host-gpu]").TextContent);
        try
        {
            var lease = await allocator.LeaseAsync(owner, portalId, "home-test", 1, TestTimeout.Token()).WithTimeout();
            Assert.True(lease.Succeeded, lease.Error);

            cut.WaitForAssertion(
                () => Assert.Single(cut.FindAll("[data-testid=host-gpus-card] [data-testid=gpu-holder]"), chip => chip.TextContent.Contains($"{owner} / home-test", StringComparison.Ordinal)),
                TestTimeout.Render);
        }
        finally
        {
            await allocator.ReleaseAsync(portalId, TestTimeout.Token()).WithTimeout();
        }

        cut.WaitForAssertion(() => Assert.DoesNotContain(cut.FindAll("[data-testid=gpu-holder]"), chip => chip.TextContent.Contains(owner, StringComparison.Ordinal)), TestTimeout.Render);
    }
}
