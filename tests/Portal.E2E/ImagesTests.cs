using System.Net.Http.Headers;
using System.Net.Http.Json;
using Portal.E2E.Infrastructure;
using Portal.Engine.Tests.Images;

namespace Portal.E2E;

/// <summary>Saving a container as an image from its page, pushed to the lab registry, and finding it on the Registry and Images pages, through Chromium.</summary>
[Collection(PortalUiCollection.Name)]
public sealed class ImagesTests(PortalFixture portalFixture, BrowserFixture browser)
{
    private const string MemberPassword = "e2e-member-Secret-42";

    private PortalProcess Portal => portalFixture.Portal;

    [Fact]
    public Task SaveAsImage_WithPush_IsFoundInTheRegistryViewAndOnTheImagesPage() => browser.RunAsync(nameof(SaveAsImage_WithPush_IsFoundInTheRegistryViewAndOnTheImagesPage), async run =>
    {
        var portal = run.Attach(Portal);
        var page = run.Page;
        var member = PortalPages.UniqueUserName("img");
        const string container = "notebook";
        var date = DateTime.UtcNow.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
        var reference = $"{LabRegistry.Host}/{member}/{container}:{date}";
        await PortalApi.CreateUserAsync(portal, member, MemberPassword, "Member");
        try
        {
            var id = await PortalApi.LaunchContainerAsync(portal, member, MemberPassword, container, ["sh", "-c", "echo installed > /packages.txt && sleep 600"]);
            await page.SignInAsync(portal, member, MemberPassword);
            await page.RunAndWaitForInteractiveAsync(() => page.GotoAsync(new Uri(portal.BaseAddress, $"containers/{id[..12]}").ToString()));

            // The dialog offers a name in the member's namespace, dated today, pushed by default, with the docker lines.
            await page.GetByTestId("save-as-image").ClickAsync();
            var name = page.Locator("input[data-testid=commit-reference], [data-testid=commit-reference] input").First;
            await Expect(name).ToHaveValueAsync(reference);
            await Expect(page.GetByTestId("commit-command")).ToContainTextAsync($"{member}-{container} {reference}");
            await Expect(page.GetByTestId("commit-command")).ToContainTextAsync($"docker push {reference}");
            await page.GetByTestId("commit-start").ClickAsync();
            await Expect(page.GetByTestId("commit-done")).ToContainTextAsync($"Saved as {reference} and pushed", new() { Timeout = 60_000 });
            await Expect(page.GetByTestId("image-progress")).ToHaveAttributeAsync("data-phase", "push");
            await run.SaveScreenshotAsync("images-commit-pushed");
            Assert.True(await LabRegistry.HasTagAsync($"{member}/{container}", date, CancellationToken.None));
            await page.GetByTestId("commit-close").ClickAsync();

            // The Registry page finds it: the member's repository, today's tag, its pull line.
            await page.RunAndWaitForInteractiveAsync(() => page.GotoAsync(new Uri(portal.BaseAddress, "registry").ToString()));
            await page.Locator("input[data-testid=repository-search], [data-testid=repository-search] input").First.FillAsync(member);
            var repositoryItem = page.GetByTestId("repository-item");
            await Expect(repositoryItem).ToHaveCountAsync(1);
            await Expect(repositoryItem).ToHaveTextAsync($"{member}/{container}");
            await repositoryItem.ClickAsync();
            await page.GetByTestId("tag-item").Filter(new() { HasText = date }).ClickAsync();
            await Expect(page.GetByTestId("tag-detail").GetByTestId("tag-pull-command")).ToHaveTextAsync($"docker pull {reference}");
            await run.SaveScreenshotAsync("images-commit-in-registry");

            // The Images page lists it with its owner and where it came from.
            await page.RunAndWaitForInteractiveAsync(() => page.GotoAsync(new Uri(portal.BaseAddress, "images").ToString()));
            await page.Locator("[data-testid=images-search] input, input[data-testid=images-search]").First.FillAsync(member);
            var row = page.GetByTestId("images-table").Locator("tbody tr").Filter(new() { HasText = reference });
            await Expect(row).ToHaveCountAsync(1);
            await Expect(row.GetByTestId("image-owner")).ToContainTextAsync($"{member} (commit)");
            await run.SaveScreenshotAsync("images-page");

            // Its layers: the commit's own layer names the commit.
            await row.GetByTestId("image-layers").ClickAsync();
            await Expect(page.GetByTestId("layer-row").First).ToBeVisibleAsync();
            await run.SaveScreenshotAsync("images-layers");
            run.ExpectNoFailedResponses();
        }
        finally
        {
            await PortalApi.RemoveContainersAsync(portal, member, MemberPassword, container);
            await RemoveImageAsync(portal, member, reference);
            await LabRegistry.DeleteAsync($"{member}/{container}", date, CancellationToken.None);
        }
    });

    /// <summary>DELETE /api/v1/images/{reference} as the member, if a test left it.</summary>
    private static async Task RemoveImageAsync(PortalProcess portal, string member, string reference)
    {
        using var client = portal.CreateHttpClient();
        using var tokenResponse = await client.PostAsJsonAsync("api/v1/auth/token", new { userName = member, password = MemberPassword, name = "e2e-cleanup" });
        var token = await tokenResponse.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("token").GetString());
        using var removed = await client.DeleteAsync($"api/v1/images/{reference}");
    }
}
