using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Portal.E2E.Infrastructure;

namespace Portal.E2E;

/// <summary>A shell in a container, in Chromium: xterm.js on the terminal WebSocket of the real portal and engine.</summary>
[Collection(PortalUiCollection.Name)]
public sealed partial class TerminalTests(PortalFixture portalFixture, BrowserFixture browser)
{
    private PortalProcess Portal => portalFixture.Portal;

    [Fact]
    public Task Terminal_TypeArithmetic_XtermRendersTheAnswer() => browser.RunAsync(nameof(Terminal_TypeArithmetic_XtermRendersTheAnswer), async run =>
    {
        var portal = run.Attach(Portal);
        var page = run.Page;
        using var api = await CreateAdminApiClientAsync(portal);
        var containerId = await LaunchSleeperAsync(api, "e2e-term-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            await page.SignInAsync(portal, PortalProcess.AdminUserName, PortalProcess.AdminPassword);
            await page.RunAndWaitForInteractiveAsync(() => page.GotoAsync(new Uri(portal.BaseAddress, $"containers/{containerId}/terminal").ToString()));

            var terminal = page.GetByTestId("terminal-view");
            await Expect(terminal).ToHaveCountAsync(1);
            await Expect(terminal).ToHaveAttributeAsync("data-state", "connected");
            await Expect(terminal.GetByTestId("terminal-status")).ToHaveTextAsync("Connected");

            // Keystrokes go to xterm.js's hidden textarea (the terminal has the focus after it opens), once the shell prompts.
            var rows = terminal.Locator(".xterm-rows > div");
            await Expect(terminal.Locator(".xterm-rows")).ToContainTextAsync(Prompt());
            var input = terminal.Locator("textarea.xterm-helper-textarea");
            await input.PressSequentiallyAsync("echo $((6*7))");
            await input.PressAsync("Enter");

            // The shell's answer on a row of its own, as xterm.js drew it (the command line shows 6*7, never 42).
            await Expect(rows.Filter(new() { HasTextRegex = AnswerRow() })).ToHaveCountAsync(1);
            await Expect(rows.Filter(new() { HasText = "echo $((6*7))" })).ToHaveCountAsync(1);
            await run.SaveScreenshotAsync("terminal");

            // Search in the scrollback highlights the match and counts it.
            // MudBlazor 9 puts the test id on the input itself.
            await terminal.Locator("input[data-testid=terminal-search]").FillAsync("6*7");
            await Expect(terminal.GetByTestId("terminal-search-count")).ToHaveTextAsync("1/1");

            // The shell's terminal has the size of the grid the page fitted; full screen refits it and the shell follows.
            var screen = terminal.GetByTestId("terminal-screen");
            var sizeInPage = await ExpectSttySizeMatchesGridAsync(terminal, input);
            await terminal.GetByTestId("terminal-fullscreen").ClickAsync();
            await Expect(terminal).ToHaveClassAsync(new Regex(@"\bportal-terminal--fullscreen\b"));
            await Expect(screen).Not.ToHaveAttributeAsync("data-rows", sizeInPage.Rows);
            var sizeInFullScreen = await ExpectSttySizeMatchesGridAsync(terminal, input);
            Assert.True(int.Parse(sizeInFullScreen.Rows, CultureInfo.InvariantCulture) > int.Parse(sizeInPage.Rows, CultureInfo.InvariantCulture));
            await run.SaveScreenshotAsync("terminal-fullscreen");
            await terminal.GetByTestId("terminal-fullscreen").ClickAsync();
            await Expect(screen).ToHaveAttributeAsync("data-rows", sizeInPage.Rows);

            // "+" opens a second terminal beside the first, shown and connected; closing its tab removes it.
            await page.Locator(".portal-terminal-add").ClickAsync();
            var terminals = page.GetByTestId("terminal-view");
            await Expect(terminals).ToHaveCountAsync(2);
            await Expect(terminals.Nth(1)).ToBeVisibleAsync();
            await Expect(terminals.Nth(1)).ToHaveAttributeAsync("data-state", "connected");
            await Expect(terminals.Nth(0)).ToBeHiddenAsync();
            await page.Locator(".portal-terminal-close").Nth(1).ClickAsync();
            await Expect(terminals).ToHaveCountAsync(1);
            await Expect(terminal).ToBeVisibleAsync();
            await Expect(terminal).ToHaveAttributeAsync("data-state", "connected");

            // The terminal's colours follow the portal's dark mode.
            await page.GetByTestId("dark-mode-toggle").ClickAsync();
            await Expect(terminal.GetByTestId("terminal-screen")).ToHaveCSSAsync("background-color", "rgb(13, 17, 23)");
            await run.SaveScreenshotAsync("terminal-dark");
            await page.GetByTestId("dark-mode-toggle").ClickAsync();
            await Expect(terminal.GetByTestId("terminal-screen")).ToHaveCSSAsync("background-color", "rgb(255, 255, 255)");
            run.ExpectNoFailedResponses();
        }
        finally
        {
            using var removed = await api.DeleteAsync($"api/v1/containers/{containerId}");
        }
    });

    [Fact]
    public Task Terminal_ConnectionDropped_ReconnectsWithBackoffAndKeepsTheShell() => browser.RunAsync(nameof(Terminal_ConnectionDropped_ReconnectsWithBackoffAndKeepsTheShell), async run =>
    {
        var portal = run.Attach(Portal);
        var page = run.Page;
        using var api = await CreateAdminApiClientAsync(portal);
        var containerId = await LaunchSleeperAsync(api, "e2e-term-" + Guid.NewGuid().ToString("N")[..8]);

        // Every terminal socket goes through Playwright: forwarded to the portal, or refused while the "network" is down.
        var sockets = new ConcurrentQueue<(IWebSocketRoute Page, IWebSocketRoute Server)>();
        var refusals = new ConcurrentQueue<Task>();
        var networkDown = 0;
        await page.RouteWebSocketAsync(TerminalSocketUrl(), route =>
        {
            if (Volatile.Read(ref networkDown) == 1)
            {
                refusals.Enqueue(route.CloseAsync(new() { Code = 1011, Reason = "test: the network is down" }));
                return;
            }

            sockets.Enqueue((route, route.ConnectToServer()));
        });
        try
        {
            await page.SignInAsync(portal, PortalProcess.AdminUserName, PortalProcess.AdminPassword);
            await page.RunAndWaitForInteractiveAsync(() => page.GotoAsync(new Uri(portal.BaseAddress, $"containers/{containerId}/terminal").ToString()));
            var terminal = page.GetByTestId("terminal-view");
            await Expect(terminal).ToHaveAttributeAsync("data-state", "connected");
            await Expect(terminal.Locator(".xterm-rows")).ToContainTextAsync(Prompt());
            var session = await terminal.GetAttributeAsync("data-session");
            var input = terminal.Locator("textarea.xterm-helper-textarea");
            await input.PressSequentiallyAsync("X=41");
            await input.PressAsync("Enter");

            // The connection drops (both ends see it) and reconnecting fails for a while: the status line counts down,
            // and the wait grows (0.5 s, 1 s, 2 s, ...), so "2 s" means two tries were refused.
            Volatile.Write(ref networkDown, 1);
            Assert.True(sockets.TryDequeue(out var socket));
            await socket.Server.CloseAsync(new() { Code = 1000, Reason = "test: dropped" });
            await socket.Page.CloseAsync(new() { Code = 1011, Reason = "test: dropped" });
            await Expect(terminal).ToHaveAttributeAsync("data-state", "reconnecting");
            await Expect(terminal.GetByTestId("terminal-status")).ToHaveTextAsync(ReconnectingStatus());
            await Expect(terminal.GetByTestId("terminal-status")).ToHaveTextAsync("Disconnected — reconnecting in 2 s…");
            Assert.True(refusals.Count >= 2, $"{refusals.Count} reconnection tries were refused, not at least 2.");
            await Expect(terminal.GetByTestId("terminal-reconnect")).ToBeVisibleAsync();
            await run.SaveScreenshotAsync("terminal-disconnected");

            // The network is back and the person does not wait for the next try: the same session, whose shell still has X.
            Volatile.Write(ref networkDown, 0);
            await terminal.GetByTestId("terminal-reconnect").ClickAsync();
            await Expect(terminal).ToHaveAttributeAsync("data-state", "reconnected");
            await Expect(terminal.GetByTestId("terminal-status")).ToHaveTextAsync("Reconnected");
            await Expect(terminal).ToHaveAttributeAsync("data-session", session!);
            Assert.True(sockets.TryPeek(out var reattached));
            Assert.Contains($"session={session}", reattached.Page.Url, StringComparison.Ordinal);
            Assert.DoesNotContain("command=", reattached.Page.Url, StringComparison.Ordinal);
            await input.PressSequentiallyAsync("echo $((X+1))");
            await input.PressAsync("Enter");
            await Expect(terminal.Locator(".xterm-rows > div").Filter(new() { HasTextRegex = AnswerRow() })).ToHaveCountAsync(1);
            await run.SaveScreenshotAsync("terminal-reconnected");

            // Ending the session is the server's to report: the shell exits and the view offers a new one.
            await terminal.GetByTestId("terminal-end").ClickAsync();
            await Expect(terminal).ToHaveAttributeAsync("data-state", "exited");
            await Expect(terminal.GetByTestId("terminal-restart")).ToBeVisibleAsync();
            await Task.WhenAll(refusals);
        }
        finally
        {
            using var removed = await api.DeleteAsync($"api/v1/containers/{containerId}");
        }
    });

    // Types `stty size` and expects the shell to answer with the grid's rows and columns (what terminal.js fitted).
    private static async Task<(string Rows, string Cols)> ExpectSttySizeMatchesGridAsync(ILocator terminal, ILocator input)
    {
        var screen = terminal.GetByTestId("terminal-screen");
        var rows = await screen.GetAttributeAsync("data-rows") ?? "?";
        var cols = await screen.GetAttributeAsync("data-cols") ?? "?";
        await input.PressSequentiallyAsync("stty size");
        await input.PressAsync("Enter");
        await Expect(terminal.Locator(".xterm-rows > div").Filter(new() { HasTextRegex = new Regex($@"^\s*{rows} {cols}\s*$") }).Last).ToBeVisibleAsync();
        return (rows, cols);
    }

    [GeneratedRegex(@"/api/v1/containers/[^/]+/terminal")]
    private static partial Regex TerminalSocketUrl();

    [GeneratedRegex(@"Disconnected — reconnecting in \d+ s…")]
    private static partial Regex ReconnectingStatus();

    [GeneratedRegex(@"^\s*42\s*$")]
    private static partial Regex AnswerRow();

    // bash's prompt ends in # for root, $ for others.
    [GeneratedRegex(@"[#$]\s*$", RegexOptions.Multiline)]
    private static partial Regex Prompt();

    // Set-up through the API: POST /api/v1/auth/token as the bootstrap admin, then a bearer client.
    private static async Task<HttpClient> CreateAdminApiClientAsync(PortalProcess portal)
    {
        var client = portal.CreateHttpClient();
        using var response = await client.PostAsJsonAsync(
            "api/v1/auth/token", new { userName = PortalProcess.AdminUserName, password = PortalProcess.AdminPassword, name = "e2e-terminal" });
        await EnsureSuccessAsync(response);
        var token = await response.Content.ReadFromJsonAsync<TokenResponse>()
            ?? throw new InvalidOperationException("POST /api/v1/auth/token returned no body.");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
        return client;
    }

    // POST /api/v1/containers: a Debian container with bash that sleeps; returns its Docker id.
    private static async Task<string> LaunchSleeperAsync(HttpClient api, string name)
    {
        using var response = await api.PostAsJsonAsync(
            "api/v1/containers", new { name, image = "portal/python:latest", command = new[] { "sleep", "600" }, gpus = 0 });
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
