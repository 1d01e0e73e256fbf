using Portal.E2E.Infrastructure;

namespace Portal.E2E;

/// <summary>A member finds an image they pushed to the lab registry on the Registry page, reads its detail and deletes it, through Chromium.</summary>
[Collection(PortalUiCollection.Name)]
public sealed class RegistryTests(PortalFixture portalFixture, BrowserFixture browser)
{
    private const string MemberPassword = "member-Secret-123";

    private const string LabHost = "127.0.0.1:5000";

    private static readonly TimeSpan DockerTimeout = TimeSpan.FromMinutes(2);

    private PortalProcess Portal => portalFixture.Portal;

    [Fact]
    public Task RegistryPage_MemberFindsTheirPushedImage_ReadsItAndDeletesIt() => browser.RunAsync(nameof(RegistryPage_MemberFindsTheirPushedImage_ReadsItAndDeletesIt), async run =>
    {
        var portal = run.Attach(Portal);
        var page = run.Page;
        var member = PortalPages.UniqueUserName("reg");
        await PortalApi.CreateUserAsync(portal, member, MemberPassword, "Member");
        var repository = $"{member}/e2e-shell";
        var reference = $"{LabHost}/{repository}:v1";
        await DockerAsync("tag", "portal/shell:latest", reference);
        try
        {
            await DockerAsync("push", reference);
        }
        finally
        {
            await ProcessRunner.RunAsync("docker", ["rmi", reference], RepositoryLayout.Root, DockerTimeout);
        }

        await page.SignInAsync(portal, member, MemberPassword);
        await page.RunAndWaitForInteractiveAsync(() => page.GotoAsync(new Uri(portal.BaseAddress, "registry").ToString()));
        await page.Locator("input[data-testid=repository-search], [data-testid=repository-search] input").First.FillAsync(member);
        // The lab registry is shared: the search (run by the portal across the registry's pages) leaves only ours.
        var repositoryItem = page.GetByTestId("repository-item");
        await Expect(repositoryItem).ToHaveCountAsync(1);
        await Expect(repositoryItem).ToHaveTextAsync(repository);
        await repositoryItem.ClickAsync();
        await page.GetByTestId("tag-item").Filter(new() { HasText = "v1" }).ClickAsync();

        var detail = page.GetByTestId("tag-detail");
        await Expect(detail.GetByTestId("tag-pull-command")).ToHaveTextAsync($"docker pull {reference}");
        await Expect(detail.GetByTestId("tag-media-type")).ToHaveTextAsync("Docker v2 manifest");
        await Expect(detail.GetByTestId("tag-history")).ToContainTextAsync("Imported from");
        await Expect(detail.GetByTestId("tag-launch")).ToHaveAttributeAsync("href", "/containers/launch?image=" + Uri.EscapeDataString(reference));
        await run.SaveScreenshotAsync("registry-tag-detail");

        await detail.GetByTestId("tag-delete").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToContainTextAsync("garbage collection");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("tag-empty")).ToContainTextAsync("every tag was deleted");
        run.ExpectNoFailedResponses();
    });

    private static async Task DockerAsync(params string[] arguments)
    {
        var result = await ProcessRunner.RunAsync("docker", arguments, RepositoryLayout.Root, DockerTimeout);
        Assert.True(result.ExitCode == 0, $"{result.CommandLine} exited with {result.ExitCode}: {result.Output}");
    }
}
