namespace Portal.E2E.Infrastructure;

/// <summary>
/// One headless Chromium for a test class or collection. Each test gets its own browser context (its own cookies)
/// through <see cref="RunAsync"/>, which also keeps the evidence when the test fails.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>The browser from the system package; Playwright never downloads one here.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>How long auto-waiting actions and expectations wait: generous, a slow CI machine runs two portals at once.</summary>
    public static TimeSpan Timeout { get; } = TimeSpan.FromSeconds(20);

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser is not started.");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: apt-get install -y chromium (never `playwright install`).");
        }

        SetDefaultExpectTimeout((float)Timeout.TotalMilliseconds);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }

    /// <summary>
    /// Runs a test body with a fresh context and page. When the body throws, saves a screenshot, the page's HTML and a
    /// Playwright trace under the artifacts folder and fails with their paths, the browser console's errors and the
    /// output of every portal the test attached.
    /// </summary>
    public async Task RunAsync(string testName, Func<E2ERun, Task> body)
    {
        await using var context = await Browser.NewContextAsync(new()
        {
            ViewportSize = new() { Width = 1366, Height = 860 },
            Locale = "en-GB",
            TimezoneId = "UTC",
        });
        context.SetDefaultTimeout((float)Timeout.TotalMilliseconds);
        context.SetDefaultNavigationTimeout((float)Timeout.TotalMilliseconds);
        await context.Tracing.StartAsync(new() { Screenshots = true, Snapshots = true, Title = testName });
        var page = await context.NewPageAsync();
        var run = new E2ERun(testName, page);

        try
        {
            await body(run);
        }
        catch (Exception failure)
        {
            var evidence = await run.SaveFailureEvidenceAsync(context);
            throw new E2ETestFailedException($"{testName} failed: {failure.Message}\n\n{evidence}", failure);
        }

        await context.Tracing.StopAsync();
    }
}
