using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Portal.E2E.Infrastructure;

namespace Portal.E2E;

/// <summary>A member opens Jupyter from the container page, through the proxy, and runs a cell in Chromium.</summary>
[Collection(PortalUiCollection.Name)]
public sealed class NotebookTests(PortalFixture portalFixture, BrowserFixture browser)
{
    private const string Password = "e2e-member-Secret-42";

    private PortalProcess Portal => portalFixture.Portal;

    [Fact]
    public Task OpenNotebook_FromTheContainerPage_RunsACell() => browser.RunAsync(nameof(OpenNotebook_FromTheContainerPage_RunsACell), async run =>
    {
        var portal = run.Attach(Portal);
        var page = run.Page;
        var member = PortalPages.UniqueUserName("nb");
        var name = "nb-" + Guid.NewGuid().ToString("N")[..8];
        await PortalApi.CreateUserAsync(portal, member, Password, "Member");
        try
        {
            var id = await LaunchFromJupyterTemplateAsync(member, name);
            await page.SignInAsync(portal, member, Password);
            await page.RunAndWaitForInteractiveAsync(() => page.GotoAsync(new Uri(portal.BaseAddress, $"containers/{id}").ToString()));
            await Expect(page.GetByTestId("container-state")).ToHaveTextAsync("running");
            var open = page.GetByTestId("open-port-8888").First;
            await Expect(open).ToHaveTextAsync("Open notebook");
            await run.SaveScreenshotAsync("notebook-container-page");

            // "Open notebook": a ticket from the portal, the proxy's cookie, Jupyter's tree; no token asked for.
            var tree = await page.Context.RunAndWaitForPageAsync(() => open.ClickAsync());
            await Expect(tree).ToHaveURLAsync(new Regex("^" + Regex.Escape(new Uri(portal.ProxyAddress, $"{id[..12]}/8888/tree").ToString())), new() { Timeout = 60_000 });
            await Expect(tree.Locator("#notebook_list")).ToBeVisibleAsync(new() { Timeout = 60_000 });
            await tree.ScreenshotAsync(new() { Path = Path.Combine(RepositoryLayout.ArtifactsDirectory, "notebook-tree.png") });

            // New > Python 3 opens the notebook in another tab; its kernel talks over the proxied WebSocket.
            await tree.Locator("#new-dropdown-button").ClickAsync();
            var notebook = await tree.Context.RunAndWaitForPageAsync(() => tree.Locator("#kernel-python3 a").ClickAsync());
            await Expect(notebook.Locator("#kernel_indicator_icon.kernel_idle_icon")).ToBeVisibleAsync(new() { Timeout = 60_000 });
            await notebook.Locator(".cell .CodeMirror").First.ClickAsync();
            await notebook.Keyboard.TypeAsync("1+1");
            await notebook.Keyboard.PressAsync("Shift+Enter");
            await Expect(notebook.Locator(".output_result pre").First).ToHaveTextAsync("2");
            await notebook.ScreenshotAsync(new() { Path = Path.Combine(RepositoryLayout.ArtifactsDirectory, "notebook-cell.png") });
            run.ExpectNoFailedResponses();
        }
        finally
        {
            await PortalApi.RemoveContainersAsync(portal, member, Password, name);
        }
    });

    /// <summary>Launches what the default "Jupyter notebook" template says, as the member (POST /api/v1/containers).</summary>
    private async Task<string> LaunchFromJupyterTemplateAsync(string member, string name)
    {
        using var client = Portal.CreateHttpClient();
        using var tokenResponse = await client.PostAsJsonAsync("api/v1/auth/token", new { userName = member, password = Password, name = "e2e" });
        tokenResponse.EnsureSuccessStatusCode();
        var token = (await tokenResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var templates = await client.GetFromJsonAsync<JsonElement>("api/v1/templates");
        var jupyter = templates.EnumerateArray().Single(t => t.GetProperty("name").GetString() == "Jupyter notebook");
        using var launched = await client.PostAsJsonAsync("api/v1/containers", new
        {
            name,
            image = jupyter.GetProperty("image").GetString(),
            command = jupyter.GetProperty("command").Deserialize<string[]>(),
            ports = jupyter.GetProperty("ports").Deserialize<int[]>(),
            workspace = jupyter.GetProperty("workspace").GetBoolean(),
        });
        var body = await launched.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(launched.IsSuccessStatusCode, body.ToString());
        var id = body.GetProperty("id").GetString()!;
        await WaitUntilJupyterAnswersAsync(client, id);
        return id;
    }

    /// <summary>Jupyter takes seconds to listen; the test is about the proxy and the page, not about that start-up.</summary>
    private static async Task WaitUntilJupyterAnswersAsync(HttpClient client, string id)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var direct = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        while (true)
        {
            var container = await client.GetFromJsonAsync<JsonElement>($"api/v1/containers/{id}", timeout.Token);
            var hostPort = container.GetProperty("ports").EnumerateArray()
                .Select(p => p.TryGetProperty("hostPort", out var port) && port.ValueKind == JsonValueKind.Number ? port.GetInt32() : 0)
                .FirstOrDefault(p => p > 0);
            if (hostPort > 0)
            {
                try
                {
                    // Any HTTP answer (403 without the token) means it listens.
                    using var answer = await direct.GetAsync(new Uri($"http://127.0.0.1:{hostPort}/{id[..12]}/8888/api"), timeout.Token);
                    return;
                }
                catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !timeout.IsCancellationRequested))
                {
                    // Not listening yet, or too busy starting to answer within 5 s.
                }
            }

            await Task.Delay(250, timeout.Token);
        }
    }
}
