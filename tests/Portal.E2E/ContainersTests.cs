using System.Text.RegularExpressions;
using Portal.E2E.Infrastructure;

namespace Portal.E2E;

/// <summary>Launching a container on a GPU, seeing it on the GPU board, stopping and removing it, through Chromium.</summary>
[Collection(PortalUiCollection.Name)]
public sealed partial class ContainersTests(PortalFixture portalFixture, BrowserFixture browser)
{
    private PortalProcess Portal => portalFixture.Portal;

    [Fact]
    public Task LaunchWithOneGpu_ShowsHolderOnGpuBoard_ThenStopsAndRemoves() => browser.RunAsync(nameof(LaunchWithOneGpu_ShowsHolderOnGpuBoard_ThenStopsAndRemoves), async run =>
    {
        var portal = run.Attach(Portal);
        var page = run.Page;
        var name = "e2e-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            await page.SignInAsync(portal, PortalProcess.AdminUserName, PortalProcess.AdminPassword);

            // The form: every edit updates the docker run beside it.
            await page.RunAndWaitForInteractiveAsync(() => page.GotoAsync(Url("containers/launch")));
            await Field(page, "launch-name").FillAsync(name);
            await Field(page, "launch-image").FillAsync("portal/shell:latest");
            await Field(page, "launch-command", "textarea").FillAsync("sleep\n600");
            await Field(page, "launch-gpus").FillAsync("1");
            var dockerRun = page.GetByTestId("docker-run");
            await Expect(dockerRun).ToContainTextAsync("portal/shell:latest sleep 600");
            await Expect(dockerRun).ToContainTextAsync("NVIDIA_VISIBLE_DEVICES=<1 picked by the portal>");
            await Expect(dockerRun).ToContainTextAsync($"admin-{name}");
            await Expect(page.GetByTestId("launch-form")).ToContainTextAsync("free now");
            await run.SaveScreenshotAsync("containers-launch");

            // Launch lands on the container's page, running.
            await page.GetByTestId("launch-submit").ClickAsync();
            await Expect(page).ToHaveURLAsync(ContainerPage());
            var containerUrl = page.Url;
            await Expect(page.GetByTestId("container-title")).ToHaveTextAsync(name);
            await Expect(page.GetByTestId("container-state")).ToHaveTextAsync("running");
            await Expect(page.GetByTestId("detail-gpus")).ToContainTextAsync(GpuName);
            await run.SaveScreenshotAsync("container-detail");

            // The GPU board names the holder, as everyone in the lab sees it.
            await page.Locator(".mud-drawer").GetByRole(AriaRole.Link, new() { Name = "GPUs" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(Url("gpus"));
            var holder = page.GetByTestId("gpu-holder").Filter(new() { HasText = name });
            await Expect(holder).ToHaveCountAsync(1);
            await Expect(holder).ToContainTextAsync($"{PortalProcess.AdminUserName} / {name}");
            await Expect(page.GetByTestId("gpu-card")).ToHaveCountAsync(8);
            await run.SaveScreenshotAsync("gpus-board");
            await page.GetByTestId("dark-mode-toggle").ClickAsync();
            await Expect(page.Locator(".mud-theme-dark, html[data-theme=dark], body").First).ToBeVisibleAsync();
            await run.SaveScreenshotAsync("gpus-board-dark");
            await page.GetByTestId("dark-mode-toggle").ClickAsync();

            // Back on the container's page: stop it (confirmed), and it shows as exited.
            await page.GoBackAsync();
            await Expect(page).ToHaveURLAsync(containerUrl);
            await page.GetByTestId("action-stop").ClickAsync();
            await ConfirmAsync(page, "Stop");
            await Expect(page.GetByTestId("container-state")).ToHaveTextAsync("exited");
            await Expect(page.GetByTestId("detail-gpus")).ToContainTextAsync("released");

            // The list shows it exited; remove it from there (confirmed), and it is gone.
            await page.Locator(".mud-breadcrumbs").GetByRole(AriaRole.Link, new() { Name = "Containers" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(Url("containers"));
            var row = page.GetByTestId("containers-table").Locator("tbody tr").Filter(new() { HasText = name });
            await Expect(row.GetByTestId("container-state")).ToHaveTextAsync("exited");
            await run.SaveScreenshotAsync("containers-list");
            await row.GetByTestId("action-remove").ClickAsync();
            await ConfirmAsync(page, "Remove");
            await Expect(row).ToHaveCountAsync(0);
            await Expect(page.GetByText($"Removed {name}.")).ToBeVisibleAsync();
            run.ExpectNoFailedResponses();
        }
        finally
        {
            await PortalApi.RemoveAdminContainerAsync(portal, name);
        }
    });

    private const string GpuName = "Tesla V100S-PCIE-32GB";

    private string Url(string path) => new Uri(Portal.BaseAddress, path).ToString();

    private static async Task ConfirmAsync(IPage page, string button)
    {
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToBeVisibleAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
    }

    // MudBlazor 9 puts the test id on the input itself; earlier versions on a wrapper.
    private static ILocator Field(IPage page, string testId, string element = "input") =>
        page.Locator($"{element}[data-testid={testId}], [data-testid={testId}] {element}").First;

    [GeneratedRegex(@"/containers/[0-9a-f]{12}$")]
    private static partial Regex ContainerPage();
}
