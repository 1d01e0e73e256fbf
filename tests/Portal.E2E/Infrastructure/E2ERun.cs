using System.Collections.Concurrent;
using System.Text;

namespace Portal.E2E.Infrastructure;

/// <summary>One test's page, the portals it started, and what the browser console said.</summary>
public sealed class E2ERun
{
    private readonly List<PortalProcess> _portals = [];
    private readonly ConcurrentQueue<string> _console = new();
    private readonly ConcurrentQueue<string> _failedResponses = new();

    internal E2ERun(string testName, IPage page)
    {
        TestName = testName;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                _console.Enqueue($"[{message.Type}] {message.Text}");
            }
        };
        page.PageError += (_, error) => _console.Enqueue($"[page error] {error}");
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                _failedResponses.Enqueue($"{response.Status} {response.Request.Method} {response.Url}");
            }
        };
    }

    public string TestName { get; }

    public IPage Page { get; }

    /// <summary>Adds a portal's output to the failure message.</summary>
    public PortalProcess Attach(PortalProcess portal)
    {
        _portals.Add(portal);
        return portal;
    }

    /// <summary>Fails when any page, stylesheet, script or call the browser made so far answered 4xx or 5xx.</summary>
    public void ExpectNoFailedResponses() =>
        Assert.True(_failedResponses.IsEmpty, "These requests of the browser failed:\n  " + string.Join("\n  ", _failedResponses));

    /// <summary>Saves a full-page screenshot for people to look at, even when the test passes; returns its path.</summary>
    public async Task<string> SaveScreenshotAsync(string name)
    {
        var path = Path.Combine(RepositoryLayout.ArtifactsDirectory, $"{name}.png");
        await Page.ScreenshotAsync(new() { Path = path, FullPage = true });
        return path;
    }

    internal async Task<string> SaveFailureEvidenceAsync(IBrowserContext context)
    {
        var text = new StringBuilder();
        var stem = Path.Combine(RepositoryLayout.ArtifactsDirectory, $"{TestName}-failed");
        await TryAsync(text, "screenshot", stem + ".png", () => Page.ScreenshotAsync(new() { Path = stem + ".png", FullPage = true }));
        await TryAsync(text, "page HTML", stem + ".html", async () => await File.WriteAllTextAsync(stem + ".html", await Page.ContentAsync()));
        await TryAsync(text, "Playwright trace (playwright show-trace)", stem + ".trace.zip", () => context.Tracing.StopAsync(new() { Path = stem + ".trace.zip" }));
        text.AppendLine($"Page URL: {(Page.IsClosed ? "(closed)" : Page.Url)}");
        text.AppendLine(_failedResponses.IsEmpty ? "Failed responses: none." : "Failed responses:\n  " + string.Join("\n  ", _failedResponses));
        text.AppendLine(_console.IsEmpty ? "Browser console: no errors or warnings." : "Browser console:\n  " + string.Join("\n  ", _console));
        foreach (var portal in _portals)
        {
            text.AppendLine().AppendLine(portal.Describe());
        }

        return text.ToString();
    }

    private static async Task TryAsync(StringBuilder text, string what, string path, Func<Task> save)
    {
        try
        {
            await save();
            text.AppendLine($"Saved the {what}: {path}");
        }
        catch (Exception e) when (e is PlaywrightException or IOException or TimeoutException)
        {
            text.AppendLine($"Could not save the {what}: {e.Message}");
        }
    }
}

/// <summary>A failed end-to-end test, with the paths of its evidence and the portal's output in the message.</summary>
public sealed class E2ETestFailedException(string message, Exception inner) : Exception(message, inner);
