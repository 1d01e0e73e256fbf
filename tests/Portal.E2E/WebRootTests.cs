using System.Net;
using Portal.E2E.Infrastructure;

namespace Portal.E2E;

/// <summary>
/// The root wwwroot/ (the portal's own styles and scripts) is served next to the framework's and MudBlazor's assets,
/// both under <c>dotnet run</c> from the repository root and from a published folder.
/// </summary>
public sealed class WebRootTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public Task RootWebRoot_IsServed_FromDotnetRun_AndFromPublishedFolder() => browser.RunAsync(nameof(RootWebRoot_IsServed_FromDotnetRun_AndFromPublishedFolder), async run =>
    {
        var publishParent = Directory.CreateTempSubdirectory("portal-e2e-publish-");
        try
        {
            await using (var portal = run.Attach(await PortalProcess.StartWithDotnetRunAsync()))
            {
                await ExpectAssetsServedAsync(portal);
            }

            var publishDirectory = Path.Combine(publishParent.FullName, "publish");
            await PublishAsync(publishDirectory);
            Assert.True(File.Exists(Path.Combine(publishDirectory, "wwwroot", "css", "portal.css")), "The published folder has no wwwroot/css/portal.css.");
            Assert.True(File.Exists(Path.Combine(publishDirectory, "wwwroot", "lib", "xterm", "xterm", "LICENSE")), "The published folder has no xterm.js licence next to xterm.js.");
            await using (var portal = run.Attach(await PortalProcess.StartPublishedAsync(publishDirectory)))
            {
                await ExpectAssetsServedAsync(portal);
                await ExpectStyledLoginPageAsync(run, portal);
            }
        }
        finally
        {
            publishParent.Delete(recursive: true);
        }
    });

    private static async Task ExpectAssetsServedAsync(PortalProcess portal)
    {
        using var client = portal.CreateHttpClient();
        var css = await GetOkAsync(client, "css/portal.css");
        Assert.Contains("Portal's own styles", css, StringComparison.Ordinal);
        await GetOkAsync(client, "_content/MudBlazor/MudBlazor.min.css");
        await GetOkAsync(client, "_framework/blazor.web.js");

        // xterm.js and its addons, copied from node_modules by the build: ES modules the browser imports, so they
        // must come with a JavaScript content type.
        foreach (var module in (string[])["js/terminal.js", "lib/xterm/xterm/xterm.mjs", "lib/xterm/addon-fit/addon-fit.mjs",
            "lib/xterm/addon-web-links/addon-web-links.mjs", "lib/xterm/addon-search/addon-search.mjs"])
        {
            using var response = await client.GetAsync(module);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {client.BaseAddress}{module} answered {(int)response.StatusCode}, not 200.");
            Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        }

        Assert.Contains(".xterm-viewport", await GetOkAsync(client, "lib/xterm/xterm/xterm.css"), StringComparison.Ordinal);
    }

    // The login page as a browser sees it: MudBlazor's stylesheet and theme and the portal's own styles all apply.
    private static async Task ExpectStyledLoginPageAsync(E2ERun run, PortalProcess portal)
    {
        var page = run.Page;
        await page.GotoAsync(new Uri(portal.BaseAddress, "account/login").ToString());
        var submit = page.GetByTestId("login-submit");
        await Expect(submit).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bmud-button-root\b"));

        // MudBlazor.min.css paints a filled primary button with the theme's primary colour (#1f6f8b).
        Assert.Equal("rgb(31, 111, 139)", await submit.EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor"));
        // portal.css gives the sign-in page its gradient.
        Assert.Contains("linear-gradient", await page.Locator(".portal-login").EvaluateAsync<string>("e => getComputedStyle(e).backgroundImage"), StringComparison.Ordinal);
        await run.SaveScreenshotAsync("login-published");
        run.ExpectNoFailedResponses();
    }

    private static async Task<string> GetOkAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {client.BaseAddress}{path} answered {(int)response.StatusCode}, not 200.");
        return body;
    }

    // `dotnet publish --no-build` reuses the solution's build; a full publish into the same folder is the fallback.
    private static async Task PublishAsync(string publishDirectory)
    {
        string[] arguments = ["publish", Path.Combine("src", "Portal"), "-c", RepositoryLayout.Configuration, "-o", publishDirectory, "--nologo"];
        var timeout = TimeSpan.FromMinutes(3);
        var result = await ProcessRunner.RunAsync(ProcessRunner.DotnetHost, [.. arguments, "--no-build"], RepositoryLayout.Root, timeout);
        if (result.ExitCode != 0)
        {
            (await ProcessRunner.RunAsync(ProcessRunner.DotnetHost, arguments, RepositoryLayout.Root, timeout)).EnsureSuccess();
        }
    }
}
