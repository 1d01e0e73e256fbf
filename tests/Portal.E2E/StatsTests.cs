using System.Text.RegularExpressions;
using Portal.E2E.Infrastructure;

namespace Portal.E2E;

/// <summary>Live resource use through Chromium: the home page's host overview and a busy container's stats panel.</summary>
[Collection(PortalUiCollection.Name)]
public sealed partial class StatsTests(PortalFixture portalFixture, BrowserFixture browser)
{
    private PortalProcess Portal => portalFixture.Portal;

    [Fact]
    public Task HomeAndContainerPage_BusyContainerOnAGpu_ShowLiveFiguresAndCharts() => browser.RunAsync(nameof(HomeAndContainerPage_BusyContainerOnAGpu_ShowLiveFiguresAndCharts), async run =>
    {
        var portal = run.Attach(Portal);
        var page = run.Page;
        var name = "e2e-stats-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            var id = await PortalApi.LaunchAdminContainerAsync(portal, name, ["sh", "-c", "while :; do :; done"], gpus: 1);
            await page.SignInAsync(portal, PortalProcess.AdminUserName, PortalProcess.AdminPassword);

            // Home: every GPU with its holder, the disks of Docker and the workspaces, CPU and memory.
            await Expect(page.GetByTestId("host-gpu")).ToHaveCountAsync(8);
            await Expect(page.GetByTestId("host-gpus-card").GetByTestId("gpu-holder").Filter(new() { HasText = name })).ToHaveCountAsync(1);
            await Expect(page.GetByTestId("host-disk")).ToHaveCountAsync(2);
            await Expect(page.Locator("[data-testid=host-disk][data-label=Docker]")).ToContainTextAsync("free");
            await Expect(page.GetByTestId("host-card")).ToContainTextAsync("% busy");
            await run.SaveScreenshotAsync("home-overview");

            // The container's page: live figures, charts that grow every second, and its GPU.
            await page.RunAndWaitForInteractiveAsync(() => page.GotoAsync(new Uri(portal.BaseAddress, $"containers/{id[..12]}").ToString()));
            var panel = page.GetByTestId("stats-panel");
            await Expect(panel.GetByTestId("stats-state")).ToHaveTextAsync("live");
            await Expect(panel.GetByTestId("stats-cpu-value")).ToHaveTextAsync(Percent());
            var cpuLine = panel.GetByTestId("chart-cpu").Locator("svg path.mud-chart-line").First;
            await Expect(cpuLine).ToBeVisibleAsync();
            var before = await cpuLine.GetAttributeAsync("d");
            await Expect(cpuLine).Not.ToHaveAttributeAsync("d", before ?? string.Empty);
            await Expect(panel.GetByTestId("stats-gpu")).ToHaveCountAsync(1);
            await Expect(panel.GetByTestId("stats-gpu")).ToContainTextAsync("Tesla V100S-PCIE-32GB");
            await Expect(panel.GetByTestId("stats-gpu")).ToContainTextAsync("This container");
            // Rates need two samples, a line two rates: the network chart shows from the third sample on.
            await Expect(panel.GetByTestId("chart-network").Locator("svg").First).ToBeVisibleAsync();
            await run.SaveScreenshotAsync("container-stats");
            run.ExpectNoFailedResponses();
        }
        finally
        {
            await PortalApi.RemoveAdminContainerAsync(portal, name);
        }
    });

    [GeneratedRegex(@"^\d+(\.\d)?%$")]
    private static partial Regex Percent();
}
