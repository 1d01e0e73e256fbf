using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Gpus;
using Portal.Tests.Infrastructure;
using GpuBoard = Portal.Components.Pages.Gpus;

namespace Portal.Tests.Components;

/// <summary>The GPU board over the real inventory (a captured 8x V100S host) and the real allocator.</summary>
public sealed class GpuBoardTests : PortalComponentTestBase, IClassFixture<GpuPortalAppFactory>
{
    private readonly GpuPortalAppFactory _portal;

    public GpuBoardTests(GpuPortalAppFactory portal)
    {
        _portal = portal;
        this.AddPortalEngineServices(portal);
        AddAuthorization().SetAuthorized(PortalAppFactory.AdminUserName);
    }

    [Fact]
    public async Task GpuBoard_FileSource_ShowsEveryGpuWithItsReadings()
    {
        await _portal.WaitUntilReadyAsync();

        var cut = Render<GpuBoard>();

        cut.WaitForAssertion(() => Assert.Equal(GpuPortalAppFactory.GpuCount, cut.FindAll("[data-testid=gpu-card]").Count), TestTimeout.Render);
        Assert.All(cut.FindAll("[data-testid=gpu-name]"), name => Assert.Equal(GpuPortalAppFactory.GpuName, name.TextContent.Trim()));
        Assert.Equal(
            Enumerable.Range(0, GpuPortalAppFactory.GpuCount).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            cut.FindAll("[data-testid=gpu-card]").Select(card => card.GetAttribute("data-gpu-index")));
        var first = cut.Find("[data-testid=gpu-card]");
        Assert.Contains("/ 31.7 GiB", first.QuerySelector("[data-testid=gpu-memory]")!.TextContent);
        Assert.Contains("°C", first.QuerySelector("[data-testid=gpu-temperature]")!.TextContent);
        Assert.Contains(" W", first.QuerySelector("[data-testid=gpu-power]")!.TextContent);
        Assert.Empty(cut.FindAll("[data-testid=gpus-error]"));
    }

    [Fact]
    public async Task GpuBoard_DeviceLeased_ShowsItsHolderLive()
    {
        await _portal.WaitUntilReadyAsync();
        var allocator = _portal.Services.GetRequiredService<IGpuAllocator>();
        var portalId = Guid.NewGuid().ToString("N");
        var owner = ApiClientExtensions.UniqueUserName("holder");
        var cut = Render<GpuBoard>();
        cut.WaitForAssertion(() => Assert.Equal(GpuPortalAppFactory.GpuCount, cut.FindAll("[data-testid=gpu-card]").Count), TestTimeout.Render);

        try
        {
            var lease = await allocator.LeaseAsync(owner, portalId, "board-test", 1, TestTimeout.Token()).WithTimeout();
            Assert.True(lease.Succeeded, lease.Error);

            cut.WaitForAssertion(
                () =>
                {
                    var holder = Assert.Single(cut.FindAll("[data-testid=gpu-holder]"), chip => chip.TextContent.Contains(owner, StringComparison.Ordinal));
                    Assert.Contains("board-test", holder.TextContent);
                },
                TestTimeout.Render);
            // Someone else's container: named, not linked.
            Assert.DoesNotContain(cut.FindAll("a[data-testid=gpu-holder]"), chip => chip.TextContent.Contains(owner, StringComparison.Ordinal));
        }
        finally
        {
            await allocator.ReleaseAsync(portalId, TestTimeout.Token()).WithTimeout();
        }

        cut.WaitForAssertion(() => Assert.DoesNotContain(cut.FindAll("[data-testid=gpu-holder]"), chip => chip.TextContent.Contains(owner, StringComparison.Ordinal)), TestTimeout.Render);
    }
}
