using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Portal.Components.Stats;
using Portal.Engine.Containers;
using Portal.Engine.Launch;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Components;

/// <summary>The stats panel over the real engine services: a container burning a CPU on the real Docker engine, on a captured GPU.</summary>
public sealed class ContainerStatsPanelLiveTests : PortalComponentTestBase, IClassFixture<GpuPortalAppFactory>
{
    private static readonly TimeSpan FewSamples = TimeSpan.FromSeconds(20);

    private readonly GpuPortalAppFactory _portal;

    public ContainerStatsPanelLiveTests(GpuPortalAppFactory portal)
    {
        _portal = portal;
        this.AddPortalEngineServices(portal);
    }

    [Fact]
    public async Task Panel_BusyContainerOnAGpu_ShowsLiveCpuChartsAndItsGpu()
    {
        await _portal.WaitUntilReadyAsync();
        var owner = ApiClientExtensions.UniqueUserName("stats-live");
        var actor = new Actor(owner, IsAdmin: false);
        var manager = _portal.Services.GetRequiredService<IContainerManager>();
        var launched = await manager.LaunchAsync(
            actor,
            new LaunchRequest { Name = "busy-" + Guid.NewGuid().ToString("N")[..8], Image = "portal/shell:latest", Command = ["sh", "-c", "while :; do :; done"], Gpus = 1 },
            TestTimeout.Token()).WithTimeout();
        Assert.True(launched.Succeeded, launched.Error?.Message);
        try
        {
            var cache = _portal.Services.GetRequiredService<IContainerStateCache>();
            await cache.RefreshAsync(launched.Container!.Id, TestTimeout.Token()).WithTimeout();
            var container = cache.Current.Containers[launched.Container.Id];

            var cut = Render<ContainerStatsPanel>(p => p.Add(x => x.Container, container));

            cut.WaitForAssertion(() => Assert.EndsWith("%", cut.Find("[data-testid=stats-cpu-value]").TextContent, StringComparison.Ordinal), FewSamples);
            cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=chart-cpu] svg")), FewSamples);
            Assert.Equal("live", cut.Find("[data-testid=stats-state]").TextContent.Trim());
            var gpu = cut.WaitForElement("[data-testid=stats-gpu]", FewSamples);
            Assert.Equal(Assert.Single(launched.GpuDeviceIds), gpu.GetAttribute("data-device-id"));
            Assert.Contains(GpuPortalAppFactory.GpuName, gpu.TextContent);
        }
        finally
        {
            var removed = await manager.RemoveAsync(actor, launched.Container!.Id, TestTimeout.Token()).WithTimeout();
            Assert.True(removed.Succeeded, removed.Error?.Message);
        }
    }
}
