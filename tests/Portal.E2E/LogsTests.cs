using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Portal.E2E.Infrastructure;

namespace Portal.E2E;

/// <summary>A container's log in Chromium: lines arriving live from the real engine, search, filter, and text that stays text.</summary>
[Collection(PortalUiCollection.Name)]
public sealed partial class LogsTests(PortalFixture portalFixture, BrowserFixture browser)
{
    // A line of markup, a red line (ANSI SGR 31), a line on stderr, then a numbered line every 100 ms.
    private const string Script =
        "echo '<b>not bold</b>'; printf '\\033[31mred alert\\033[0m\\n'; echo 'to stderr' >&2; "
        + "i=0; while true; do i=$((i+1)); printf 'tick %04d\\n' $i; sleep 0.1; done";

    private PortalProcess Portal => portalFixture.Portal;

    [Fact]
    public Task Logs_ContainerPrintingLines_ArriveLiveAndSearchFindsOne() => browser.RunAsync(nameof(Logs_ContainerPrintingLines_ArriveLiveAndSearchFindsOne), async run =>
    {
        var portal = run.Attach(Portal);
        var page = run.Page;
        var name = "e2e-logs-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            using var api = await CreateAdminApiClientAsync(portal);
            var containerId = await LaunchTickerAsync(api, name);
            await page.SignInAsync(portal, PortalProcess.AdminUserName, PortalProcess.AdminPassword);
            await page.RunAndWaitForInteractiveAsync(() => page.GotoAsync(new Uri(portal.BaseAddress, $"containers/{containerId}").ToString()));
            await page.Locator(".mud-tab").Filter(new() { HasText = "Logs" }).ClickAsync();

            // Lines arrive while the page is open: the count grows by itself, and the view follows the newest.
            var viewer = page.GetByTestId("log-viewer");
            await Expect(viewer).ToBeVisibleAsync();
            var lineCount = viewer.GetByTestId("log-line-count");
            var first = await WaitForLineCountAboveAsync(page, 0);
            var later = await WaitForLineCountAboveAsync(page, first);
            Assert.True(later > first);
            await Expect(viewer).ToHaveAttributeAsync("data-following", "true");
            await Expect(viewer.GetByTestId("log-line").Filter(new() { HasTextRegex = TickLine() }).Last).ToBeVisibleAsync();
            await Expect(page.GetByTestId("logs-cli")).ToContainTextAsync("docker logs --follow --tail 1000");
            await run.SaveScreenshotAsync("logs-live");

            // Search finds one numbered line in the portal's buffer and marks it; the filter shows only it.
            var search = viewer.Locator("input[data-testid=log-search]");
            await search.FillAsync("tick 0005");
            await Expect(viewer.GetByTestId("log-match-count")).ToHaveTextAsync("1 matching line");
            await viewer.GetByTestId("log-filter-toggle").ClickAsync();
            var lines = viewer.GetByTestId("log-line");
            await Expect(lines).ToHaveCountAsync(1);
            await Expect(lines).ToHaveTextAsync("tick 0005");
            await Expect(lines.Locator("mark.portal-log-match")).ToHaveTextAsync("tick 0005");
            await run.SaveScreenshotAsync("logs-search");

            // Markup in a log is text: the line shows its tags, and no <b> element exists.
            await search.FillAsync("not bold");
            await Expect(lines).ToHaveCountAsync(1);
            await Expect(lines).ToHaveTextAsync("<b>not bold</b>");
            await Expect(viewer.Locator(".portal-log-text b")).ToHaveCountAsync(0);

            // ANSI colours are colours, never escape codes; stderr lines are marked.
            await search.FillAsync("red alert");
            await Expect(lines).ToHaveTextAsync("red alert");
            await Expect(lines.Locator(".portal-ansi-fg-1").First).ToHaveCSSAsync("color", "rgb(207, 34, 46)");
            await search.FillAsync("to stderr");
            await Expect(lines).ToHaveAttributeAsync("data-stream", "stderr");

            // Back to every line, with timestamps in the browser's time zone; the download follows the toggle.
            await search.FillAsync(string.Empty);
            await viewer.GetByTestId("log-filter-toggle").ClickAsync();
            await Expect(viewer.GetByTestId("log-filter-toggle")).ToHaveAttributeAsync("aria-pressed", "false");
            await viewer.GetByTestId("log-timestamps").ClickAsync();
            await Expect(viewer.Locator(".portal-log-time").Last).ToHaveTextAsync(LocalTimestamp());
            var download = viewer.GetByTestId("log-download");
            await Expect(download).ToHaveAttributeAsync("href", $"api/v1/containers/{containerId}/logs?timestamps=true");
            await Expect(download).ToHaveAttributeAsync("download", $"{name}.log");
            var text = await (await page.APIRequest.GetAsync(new Uri(portal.BaseAddress, $"api/v1/containers/{containerId}/logs?timestamps=true").ToString())).TextAsync();
            Assert.Contains("<b>not bold</b>", text, StringComparison.Ordinal);
            Assert.Contains("tick 0001", text, StringComparison.Ordinal);

            // Paused, the view holds still and counts what arrives; resumed, it shows it.
            await viewer.GetByTestId("log-pause").ClickAsync();
            await Expect(viewer).ToHaveAttributeAsync("data-paused", "true");
            var held = await ReadLineCountAsync(lineCount);
            await page.WaitForFunctionAsync(
                "n => Number((/Paused: ([0-9,]+) new/.exec(document.querySelector('[data-testid=log-paused]')?.textContent ?? '') ?? [0, '0'])[1].replace(/,/g, '')) >= n", 5);
            Assert.Equal(held, await ReadLineCountAsync(lineCount));
            await viewer.GetByTestId("log-pause").ClickAsync();
            await Expect(viewer.GetByTestId("log-paused")).ToHaveCountAsync(0);
            await WaitForLineCountAboveAsync(page, held);

            // Scrolling up stops following and offers a way back.
            await WaitForLineCountAboveAsync(page, 60);
            await viewer.Locator(".portal-log-scroll").HoverAsync();
            await page.Mouse.WheelAsync(0, -2000);
            await Expect(viewer.GetByTestId("log-jump-latest")).ToBeVisibleAsync();
            await Expect(viewer).ToHaveAttributeAsync("data-following", "false");
            await run.SaveScreenshotAsync("logs-scrolled-up");
            await viewer.GetByTestId("log-jump-latest").ClickAsync();
            await Expect(viewer.GetByTestId("log-jump-latest")).ToHaveCountAsync(0);
            await Expect(viewer).ToHaveAttributeAsync("data-following", "true");

            // The viewer follows the portal's dark mode.
            await page.GetByTestId("dark-mode-toggle").ClickAsync();
            await Expect(viewer.Locator(".portal-log-scroll")).ToHaveCSSAsync("background-color", "rgb(13, 17, 23)");
            await run.SaveScreenshotAsync("logs-dark");
            await page.GetByTestId("dark-mode-toggle").ClickAsync();
            await Expect(viewer.Locator(".portal-log-scroll")).ToHaveCSSAsync("background-color", "rgb(255, 255, 255)");
            run.ExpectNoFailedResponses();
        }
        finally
        {
            await PortalApi.RemoveAdminContainerAsync(portal, name);
        }
    });

    // Waits until the viewer holds more than `count` lines (data-count); returns how many it holds then.
    private static async Task<int> WaitForLineCountAboveAsync(IPage page, int count)
    {
        await page.WaitForFunctionAsync(
            "n => Number(document.querySelector('[data-testid=log-line-count]')?.dataset.count ?? 0) > n", count);
        return await ReadLineCountAsync(page.GetByTestId("log-line-count"));
    }

    private static async Task<int> ReadLineCountAsync(ILocator lineCount) =>
        int.Parse(await lineCount.GetAttributeAsync("data-count") ?? "0", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^tick \d{4}$")]
    private static partial Regex TickLine();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$")]
    private static partial Regex LocalTimestamp();

    // Set-up through the API: POST /api/v1/auth/token as the bootstrap admin, then a bearer client.
    private static async Task<HttpClient> CreateAdminApiClientAsync(PortalProcess portal)
    {
        var client = portal.CreateHttpClient();
        using var response = await client.PostAsJsonAsync(
            "api/v1/auth/token", new { userName = PortalProcess.AdminUserName, password = PortalProcess.AdminPassword, name = "e2e-logs" });
        await EnsureSuccessAsync(response);
        var token = await response.Content.ReadFromJsonAsync<TokenResponse>()
            ?? throw new InvalidOperationException("POST /api/v1/auth/token returned no body.");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
        return client;
    }

    // POST /api/v1/containers: a busybox container running the script; returns its Docker id.
    private static async Task<string> LaunchTickerAsync(HttpClient api, string name)
    {
        using var response = await api.PostAsJsonAsync(
            "api/v1/containers", new { name, image = "portal/shell:latest", command = new[] { "sh", "-c", Script }, gpus = 0 });
        await EnsureSuccessAsync(response);
        var container = await response.Content.ReadFromJsonAsync<ContainerResponse>()
            ?? throw new InvalidOperationException("POST /api/v1/containers returned no body.");
        return container.Id;
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException(
                $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    private sealed record TokenResponse(string Token);

    private sealed record ContainerResponse(string Id, string Name);
}
