using Portal.E2E.Infrastructure;

namespace Portal.E2E;

/// <summary>
/// The Disk page through Chromium on the real portal: a member near their disk quota sees it, the launch page warns,
/// a container goes with one confirmed click; an admin sees the workstation, every user and the largest items.
/// </summary>
[Collection(PortalUiCollection.Name)]
public sealed class DiskTests(PortalFixture portalFixture, BrowserFixture browser)
{
    private const string MemberPassword = "e2e-member-Secret-42";

    private PortalProcess Portal => portalFixture.Portal;

    [Fact]
    public Task DiskPage_MemberNearQuotaRemovesAContainer_AdminSeesEveryone() => browser.RunAsync(nameof(DiskPage_MemberNearQuotaRemovesAContainer_AdminSeesEveryone), async run =>
    {
        var portal = run.Attach(Portal);
        var page = run.Page;
        var member = PortalPages.UniqueUserName("disk");
        const string container = "fill";
        await PortalApi.CreateUserAsync(portal, member, MemberPassword, "Member");
        try
        {
            // 20 MiB in a container's writable layer and 8 MiB in the workspace, against a 30 MiB quota: over 90 %.
            await PortalApi.LaunchContainerAsync(portal, member, MemberPassword, container, ["sh", "-c", "dd if=/dev/zero of=/fill bs=1M count=20 && sleep 600"]);
            var workspace = Path.Combine(portal.DataDirectory, "workspaces", member);
            Directory.CreateDirectory(workspace);
            await File.WriteAllBytesAsync(Path.Combine(workspace, "dataset.bin"), new byte[8 * 1024 * 1024]);
            await PortalApi.SetDiskQuotaAsync(portal, member, 30.0 / 1024);

            await page.SignInAsync(portal, member, MemberPassword);
            await page.RunAndWaitForInteractiveAsync(() => page.GotoAsync(new Uri(portal.BaseAddress, "disk").ToString()));
            await page.GetByTestId("disk-refresh").ClickAsync();
            var mine = page.GetByTestId("my-disk");
            var removeContainer = mine.GetByRole(AriaRole.Button, new() { Name = $"Remove container {container}" });
            await Expect(removeContainer).ToHaveCountAsync(1, new() { Timeout = 60_000 });
            await Expect(mine.GetByTestId("disk-item-name").Filter(new() { HasText = member })).ToHaveCountAsync(1, new() { Timeout = 60_000 });
            await Expect(mine.GetByTestId("disk-usage-bar")).ToHaveAttributeAsync("data-level", "warning");
            await Expect(mine.GetByTestId("disk-quota")).ToContainTextAsync("of 30 MiB disk quota");
            await Expect(page.GetByTestId("disk-age")).ToContainTextAsync("Measured");
            await Expect(page.GetByTestId("disk-system")).ToHaveCountAsync(0);
            await run.SaveScreenshotAsync("disk-member");

            // Where the member adds to the disk, the warning follows them.
            await page.RunAndWaitForInteractiveAsync(() => page.GotoAsync(new Uri(portal.BaseAddress, "containers/launch").ToString()));
            await Expect(page.GetByTestId("disk-quota-alert")).ToHaveAttributeAsync("data-level", "warning");
            await run.SaveScreenshotAsync("disk-launch-warning");
            await page.RunAndWaitForInteractiveAsync(() => page.GotoAsync(new Uri(portal.BaseAddress, "disk").ToString()));

            // One click, confirmed: the running container is stopped and removed.
            await removeContainer.ClickAsync();
            await Expect(page.GetByTestId("remove-command")).ToContainTextAsync("docker rm -f");
            await page.GetByTestId("remove-confirm").ClickAsync();
            await Expect(page.Locator(".mud-snackbar")).ToContainTextAsync($"Removed container {container}", new() { Timeout = 30_000 });
            await Expect(removeContainer).ToHaveCountAsync(0);
            await page.SignOutAsync(portal);

            await page.SignInAsync(portal, PortalProcess.AdminUserName, PortalProcess.AdminPassword);
            await page.RunAndWaitForInteractiveAsync(() => page.GotoAsync(new Uri(portal.BaseAddress, "disk").ToString()));
            // A fresh pass, asked for from the page, no longer finds the removed container.
            await page.GetByTestId("disk-refresh").ClickAsync();
            await Expect(page.GetByTestId("all-largest").GetByTestId("disk-item-name").Filter(new() { HasText = member })).ToHaveCountAsync(1, new() { Timeout = 60_000 });
            await Expect(page.GetByTestId("all-largest").GetByTestId("disk-item-name").Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex("^fill$") })).ToHaveCountAsync(0, new() { Timeout = 60_000 });
            await Expect(page.GetByTestId("disk-system-total")).ToHaveCountAsync(6);
            await Expect(page.GetByTestId("disk-file-system")).ToHaveCountAsync(2);
            await Expect(page.GetByTestId("disk-users").GetByTestId("disk-user-name").Filter(new() { HasText = member })).ToHaveCountAsync(1);
            await Expect(page.GetByTestId("all-largest").GetByTestId("disk-item-name").Filter(new() { HasText = "portal/python:latest" })).ToHaveCountAsync(1);
            await run.SaveScreenshotAsync("disk-admin");
            run.ExpectNoFailedResponses();
        }
        finally
        {
            await PortalApi.RemoveContainersAsync(portal, member, MemberPassword, container);
        }
    });
}
