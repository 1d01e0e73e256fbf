using Portal.E2E.Infrastructure;

namespace Portal.E2E;

/// <summary>A member previews a cleanup of their stopped container on the Disk page, confirms it, and sees what was reclaimed, through Chromium.</summary>
[Collection(PortalUiCollection.Name)]
public sealed class CleanupTests(PortalFixture portalFixture, BrowserFixture browser)
{
    private const string MemberPassword = "member-Secret-123";

    private PortalProcess Portal => portalFixture.Portal;

    [Fact]
    public Task DiskPage_MemberPreviewsAndRunsACleanup_TheStoppedContainerIsGone() => browser.RunAsync(nameof(DiskPage_MemberPreviewsAndRunsACleanup_TheStoppedContainerIsGone), async run =>
    {
        var portal = run.Attach(Portal);
        var page = run.Page;
        var member = PortalPages.UniqueUserName("tidy");
        await PortalApi.CreateUserAsync(portal, member, MemberPassword, "Member");
        using var api = await MemberApi.SignInAsync(portal, member, MemberPassword);
        var name = "finished-run";
        var id = await api.LaunchAndWaitForExitAsync(name, ["sh", "-c", "head -c 300000 /dev/urandom > /results.bin"]);
        try
        {
            await page.SignInAsync(portal, member, MemberPassword);
            await page.RunAndWaitForInteractiveAsync(() => page.GotoAsync(new Uri(portal.BaseAddress, "disk").ToString()));
            var panel = page.GetByTestId("cleanup-panel");
            await Expect(panel).ToBeVisibleAsync();

            // Only stopped containers, any age: the preview lists exactly the one container, with the commands to learn from.
            await Checkbox(page, "cleanup-target-dangling-images").UncheckAsync();
            await TextField(page, "cleanup-older-than").FillAsync("0");
            await page.GetByTestId("cleanup-preview").ClickAsync();
            var items = page.GetByTestId("cleanup-item-name");
            await Expect(items).ToHaveCountAsync(1);
            await Expect(items).ToHaveTextAsync(name);
            await Expect(page.GetByTestId("cleanup-docker-commands")).ToContainTextAsync($"docker container prune --filter label=org.portal.owner={member}");
            var remove = page.GetByTestId("cleanup-remove");
            await Expect(remove).ToContainTextAsync("Remove 1 item (");
            await run.SaveScreenshotAsync("disk-cleanup-preview");

            // Confirmed: the result says what was reclaimed, and the container is gone.
            await remove.ClickAsync();
            var dialog = page.GetByRole(AriaRole.Dialog);
            await Expect(dialog).ToContainTextAsync("deleted for good");
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Remove", Exact = true }).ClickAsync();
            await Expect(dialog).ToBeHiddenAsync();
            await Expect(page.GetByTestId("cleanup-result")).ToContainTextAsync("Reclaimed");
            await Expect(page.GetByTestId("cleanup-result")).ToContainTextAsync("removed 1 item");
            await Expect(page.GetByTestId("cleanup-removed")).ToContainTextAsync(name);
            await run.SaveScreenshotAsync("disk-cleanup-result");
            Assert.False(await api.RemoveIfPresentAsync(id), "the container was still there after the cleanup");
            run.ExpectNoFailedResponses();
        }
        finally
        {
            await api.RemoveIfPresentAsync(id);
        }
    });

    [Fact]
    public Task AdminCleanupPage_CronIsCheckedAsTyped_AndAnImageIsProtected() => browser.RunAsync(nameof(AdminCleanupPage_CronIsCheckedAsTyped_AndAnImageIsProtected), async run =>
    {
        var portal = run.Attach(Portal);
        var page = run.Page;
        var reference = $"lab/e2e-{Guid.NewGuid():N}"[..16] + ":v1";
        await page.SignInAsync(portal, PortalProcess.AdminUserName, PortalProcess.AdminPassword);

        await page.Locator(".mud-drawer").GetByRole(AriaRole.Link, new() { Name = "Cleanup" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Uri(portal.BaseAddress, "admin/cleanup").ToString());
        var cron = TextField(page, "schedule-cron");

        await cron.FillAsync("0 3 * *");
        await Expect(page.GetByTestId("schedule-editor")).ToContainTextAsync("'0 3 * *' is not a valid cron expression");

        await cron.FillAsync("30 4 * * 1");
        await Expect(page.GetByTestId("schedule-cron-hint")).ToContainTextAsync("every Monday at 04:30 UTC");
        await Expect(page.GetByTestId("schedule-next-runs").Locator("li")).ToHaveCountAsync(3);
        await Expect(page.GetByTestId("schedule-next-runs").Locator("li").First).ToContainTextAsync("Mon ");

        // Saved while off: this portal shares the engine with other tests.
        await page.GetByTestId("schedule-save").ClickAsync();
        await Expect(page.GetByText("Saved: the scheduled cleanup is off.")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("schedule-preview")).ToContainTextAsync("if it were on");

        await TextField(page, "protect-reference").FillAsync(reference);
        await page.GetByTestId("protect-add").ClickAsync();
        await Expect(page.GetByTestId("protected-reference").Filter(new() { HasText = reference })).ToHaveCountAsync(1);
        await run.SaveScreenshotAsync("admin-cleanup");
        run.ExpectNoFailedResponses();
    });

    // MudBlazor 9 puts the test id on the input itself; earlier versions on a wrapper.
    private static ILocator Checkbox(IPage page, string testId) =>
        page.Locator($"input[type=checkbox][data-testid={testId}], [data-testid={testId}] input[type=checkbox]").First;

    private static ILocator TextField(IPage page, string testId) =>
        page.Locator($"input[data-testid={testId}], [data-testid={testId}] input").First;
}
