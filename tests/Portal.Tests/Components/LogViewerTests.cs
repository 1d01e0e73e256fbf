using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.JSInterop;
using Portal.Components.Logs;
using Portal.Engine.Logs;
using Portal.Tests.Components.Fakes;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Components;

/// <summary>
/// LogViewer's rendering over a log source the test feeds: the snapshot and the batches after it, text that stays text,
/// ANSI colours, streams, notices, search and filter, timestamps, pause, following the end, and letting go on dispose.
/// </summary>
public sealed class LogViewerTests : PortalComponentTestBase
{
    private const string ContainerId = "5c0ffee1d00d";
    private static readonly DateTimeOffset Start = new(2026, 1, 15, 12, 0, 0, 123, TimeSpan.Zero);

    private readonly FakeContainerLogs _logs = new();
    private readonly TrackingJSRuntime _js;
    private readonly BunitJSInterop _module;
    private readonly BunitJSInterop _handle;

    public LogViewerTests()
    {
        Services.AddSingleton<IContainerLogs>(_logs);
        Services.AddSingleton(TimeProvider.System);
        _module = JSInterop.SetupModule(LogViewer.ModulePath);
        _handle = _module.SetupModule("attach", _ => true);
        _js = new TrackingJSRuntime(JSInterop.JSRuntime);
        Services.AddSingleton<IJSRuntime>(_js);
    }

    [Fact]
    public async Task LogViewer_SnapshotThenBatches_ShowsEveryLineInOrder()
    {
        _logs.Publish(Line(1, "loading data"), Line(2, "epoch 1"));

        var cut = RenderViewer();

        Assert.Equal((ContainerId, LogViewer.DefaultTail), await _logs.Followed.WithTimeout());
        cut.WaitForAssertion(() => Assert.Equal(["loading data", "epoch 1"], RowTexts(cut)), TestTimeout.Render);
        Assert.Equal("2", cut.Find("[data-testid=log-line-count]").GetAttribute("data-count"));

        _logs.Publish(Line(3, "epoch 2"), Line(4, "epoch 3"));

        cut.WaitForAssertion(() => Assert.Equal(["loading data", "epoch 1", "epoch 2", "epoch 3"], RowTexts(cut)), TestTimeout.Render);
        Assert.Equal("4 lines", cut.Find("[data-testid=log-line-count]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=log-empty]"));
    }

    [Fact]
    public void LogViewer_NothingWrittenYet_SaysSo()
    {
        var cut = RenderViewer();

        Assert.Equal("No output yet.", cut.Find("[data-testid=log-empty]").TextContent);
        Assert.Equal("0 lines", cut.Find("[data-testid=log-line-count]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=log-not-running]"));
    }

    [Fact]
    public void LogViewer_ContainerNotRunning_StillShowsItsLines()
    {
        _logs.Publish(Line(1, "last words"));

        var cut = RenderViewer(parameters => parameters.Add(p => p.IsRunning, false));

        cut.WaitForAssertion(() => Assert.Equal(["last words"], RowTexts(cut)), TestTimeout.Render);
        Assert.Contains("not running", cut.Find("[data-testid=log-not-running]").TextContent);
    }

    [Fact]
    public void LogViewer_LineWithMarkup_ShowsItAsText()
    {
        _logs.Publish(Line(1, "<script>alert(1)</script>"), Line(2, "<b>not bold</b> &amp; <img src=x onerror=alert(2)>"));

        var cut = RenderViewer();

        cut.WaitForAssertion(() => Assert.Equal(2, RowTexts(cut).Count), TestTimeout.Render);
        Assert.Equal(["<script>alert(1)</script>", "<b>not bold</b> &amp; <img src=x onerror=alert(2)>"], RowTexts(cut));
        var viewer = cut.Find("[data-testid=log-viewer]");
        Assert.Empty(viewer.QuerySelectorAll("script"));
        Assert.Empty(viewer.QuerySelectorAll("b"));
        Assert.Empty(viewer.QuerySelectorAll("img"));
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void LogViewer_AnsiColours_RenderStyledSpansWithoutTheEscapes()
    {
        _logs.Publish(Line(1, "\u001b[31mred\u001b[0m plain \u001b[1;38;5;208mbold orange\u001b[0m \u001b[38;2;1;2;3mtrue colour\u001b[0m\u001b]0;title\u0007"));

        var cut = RenderViewer();

        cut.WaitForAssertion(() => Assert.Single(RowTexts(cut)), TestTimeout.Render);
        Assert.Equal("red plain bold orange true colour", RowTexts(cut)[0]);
        var red = cut.Find("[data-testid=log-line] span.portal-ansi-fg-1");
        Assert.Equal("red", red.TextContent);
        var orange = cut.Find("[data-testid=log-line] span.portal-ansi-bold");
        Assert.Equal("bold orange", orange.TextContent);
        Assert.Equal("color:#ff8700", orange.GetAttribute("style"));
        var rgb = cut.FindAll("[data-testid=log-line] span[style]").Single(span => span.TextContent == "true colour");
        Assert.Equal("color:#010203", rgb.GetAttribute("style"));
        Assert.DoesNotContain('\u001b', cut.Markup);
    }

    [Fact]
    public void LogViewer_StreamsOfLines_MarkStderrAndSystemLines()
    {
        _logs.Publish(Line(1, "to stdout"), Line(2, "to stderr", LogStreamKind.Stderr), Line(3, "container restarted", LogStreamKind.System));

        var cut = RenderViewer();

        cut.WaitForAssertion(() => Assert.Equal(3, RowTexts(cut).Count), TestTimeout.Render);
        var rows = cut.FindAll("[data-testid=log-line]");
        Assert.Equal(["stdout", "stderr", "system"], rows.Select(row => row.GetAttribute("data-stream")));
        Assert.DoesNotContain("portal-log-line--stderr", rows[0].ClassName);
        Assert.Contains("portal-log-line--stderr", rows[1].ClassName);
        Assert.Contains("portal-log-line--system", rows[2].ClassName);
    }

    [Fact]
    public void LogViewer_BatchesWithMissedLines_SayHowManyUntilDismissed()
    {
        var cut = RenderViewer();
        Assert.Empty(cut.FindAll("[data-testid=log-missed]"));

        _logs.Publish(new LogBatch([Line(50, "after a gap")], Missed: 42));
        cut.WaitForAssertion(() => Assert.Contains("42 lines skipped because the browser fell behind", cut.Find("[data-testid=log-missed]").TextContent), TestTimeout.Render);

        _logs.Publish(new LogBatch([Line(60, "after another")], Missed: 1_200));
        cut.WaitForAssertion(() => Assert.Contains("1,242 lines skipped", cut.Find("[data-testid=log-missed]").TextContent), TestTimeout.Render);

        cut.Find("[data-testid=log-missed] button").Click();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=log-missed]")), TestTimeout.Render);
        Assert.Equal(["after a gap", "after another"], RowTexts(cut));
    }

    [Fact]
    public void LogViewer_SearchThenFilter_ShowsOnlyTheEnginesMatchesAndNewOnes()
    {
        _logs.Publish(Line(10, "epoch 1 loss 0.9"), Line(11, "checkpoint saved"), Line(12, "epoch 2 LOSS 0.5"));
        // The engine's buffer reaches further back than the viewer's tail: line 3 is only there.
        _logs.SearchResults = (_, _, _) => [Line(3, "warm-up loss 2.0"), Line(10, "epoch 1 loss 0.9"), Line(12, "epoch 2 LOSS 0.5")];
        var cut = RenderViewer();
        cut.WaitForAssertion(() => Assert.Equal(3, RowTexts(cut).Count), TestTimeout.Render);

        cut.Find("input[data-testid=log-search]").Input("loss");

        // Matches are marked in the lines shown, whatever their case; the count is the engine's.
        cut.WaitForAssertion(() => Assert.Equal("3 matching lines", cut.Find("[data-testid=log-match-count]").TextContent), TestTimeout.Render);
        Assert.Equal((ContainerId, "loss", LogViewer.DefaultMaxLines), Assert.Single(_logs.Searches));
        Assert.Equal(["loss", "LOSS"], cut.FindAll("[data-testid=log-line] mark.portal-log-match").Select(mark => mark.TextContent));
        Assert.Equal(3, RowTexts(cut).Count);

        cut.Find("[data-testid=log-filter-toggle]").Click();

        cut.WaitForAssertion(() => Assert.Equal(["warm-up loss 2.0", "epoch 1 loss 0.9", "epoch 2 LOSS 0.5"], RowTexts(cut)), TestTimeout.Render);
        Assert.Equal("true", cut.Find("[data-testid=log-filter-toggle]").GetAttribute("aria-pressed"));

        // New lines that match join the filtered view; the others only count.
        _logs.Publish(Line(13, "epoch 3 loss 0.3"), Line(14, "checkpoint saved"));
        cut.WaitForAssertion(() => Assert.Equal(["warm-up loss 2.0", "epoch 1 loss 0.9", "epoch 2 LOSS 0.5", "epoch 3 loss 0.3"], RowTexts(cut)), TestTimeout.Render);
        Assert.Equal("4 matching lines", cut.Find("[data-testid=log-match-count]").TextContent);
        Assert.Equal("5", cut.Find("[data-testid=log-line-count]").GetAttribute("data-count"));

        cut.Find("[data-testid=log-filter-toggle]").Click();
        cut.WaitForAssertion(() => Assert.Equal(5, RowTexts(cut).Count), TestTimeout.Render);
    }

    [Fact]
    public void LogViewer_FilterWithoutMatches_SaysNoLinesMatch()
    {
        _logs.Publish(Line(1, "hello"));
        var cut = RenderViewer();
        cut.WaitForAssertion(() => Assert.Single(RowTexts(cut)), TestTimeout.Render);

        cut.Find("[data-testid=log-filter-toggle]").Click();
        cut.WaitForAssertion(() => Assert.Equal("true", cut.Find("[data-testid=log-filter-toggle]").GetAttribute("aria-pressed")), TestTimeout.Render);
        Assert.Single(RowTexts(cut));
        cut.Find("input[data-testid=log-search]").Input("absent");

        cut.WaitForAssertion(() => Assert.Equal("No lines match.", cut.Find("[data-testid=log-empty]").TextContent), TestTimeout.Render);
        Assert.Equal("no matching lines", cut.Find("[data-testid=log-match-count]").TextContent);
    }

    [Fact]
    public void LogViewer_TimestampsToggle_ShowsBrowserLocalTimeAndDownloadsWithThem()
    {
        _module.Setup<string?>("timeZone").SetResult("Europe/Paris");
        _logs.Publish(Line(0, "started"));
        var cut = RenderViewer();
        cut.WaitForAssertion(() => Assert.Single(RowTexts(cut)), TestTimeout.Render);
        Assert.Empty(cut.FindAll(".portal-log-time"));
        var download = cut.Find("[data-testid=log-download]");
        Assert.Equal($"api/v1/containers/{ContainerId}/logs?timestamps=false", download.GetAttribute("href"));
        Assert.Equal("trainer.log", download.GetAttribute("download"));

        cut.Find("[data-testid=log-timestamps]").Click();

        // 12:00 UTC is 13:00 in Paris in January.
        cut.WaitForAssertion(() => Assert.Equal("2026-01-15 13:00:00.123", cut.Find(".portal-log-time").TextContent), TestTimeout.Render);
        Assert.Equal("2026-01-15T13:00:00.1230000+01:00 (Europe/Paris)", cut.Find(".portal-log-time").GetAttribute("title"));
        Assert.Equal("2026-01-15 13:00:00.123started", RowTexts(cut)[0]);
        Assert.Equal($"api/v1/containers/{ContainerId}/logs?timestamps=true", cut.Find("[data-testid=log-download]").GetAttribute("href"));

        cut.Find("[data-testid=log-timestamps]").Click();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll(".portal-log-time")), TestTimeout.Render);
    }

    [Fact]
    public void LogViewer_WrapToggle_WrapsLongLines()
    {
        var cut = RenderViewer();
        Assert.DoesNotContain("portal-log-scroll--wrap", cut.Find(".portal-log-scroll").ClassName);

        cut.Find("[data-testid=log-wrap]").Click();

        cut.WaitForAssertion(() => Assert.Contains("portal-log-scroll--wrap", cut.Find(".portal-log-scroll").ClassName), TestTimeout.Render);
    }

    [Fact]
    public void LogViewer_Paused_HoldsAndCountsNewLinesUntilResumed()
    {
        _logs.Publish(Line(1, "before"));
        var cut = RenderViewer();
        cut.WaitForAssertion(() => Assert.Single(RowTexts(cut)), TestTimeout.Render);

        cut.Find("[data-testid=log-pause]").Click();
        cut.WaitForAssertion(() => Assert.Equal("true", cut.Find("[data-testid=log-viewer]").GetAttribute("data-paused")), TestTimeout.Render);
        _logs.Publish(Line(2, "during 1"), Line(3, "during 2"), Line(4, "during 3"));

        cut.WaitForAssertion(() => Assert.Contains("3 new lines", cut.Find("[data-testid=log-paused]").TextContent), TestTimeout.Render);
        Assert.Equal(["before"], RowTexts(cut));
        Assert.Equal("1", cut.Find("[data-testid=log-line-count]").GetAttribute("data-count"));

        cut.Find("[data-testid=log-pause]").Click();

        cut.WaitForAssertion(() => Assert.Equal(["before", "during 1", "during 2", "during 3"], RowTexts(cut)), TestTimeout.Render);
        Assert.Empty(cut.FindAll("[data-testid=log-paused]"));
    }

    [Fact]
    public void LogViewer_MoreLinesThanItKeeps_DropsTheOldest()
    {
        var cut = RenderViewer(parameters => parameters.Add(p => p.MaxLines, 3));

        _logs.Publish(Line(1, "one"), Line(2, "two"));
        cut.WaitForAssertion(() => Assert.Equal(["one", "two"], RowTexts(cut)), TestTimeout.Render);
        _logs.Publish(Line(3, "three"), Line(4, "four"), Line(5, "five"));

        cut.WaitForAssertion(() => Assert.Equal(["three", "four", "five"], RowTexts(cut)), TestTimeout.Render);
        Assert.Equal("3", cut.Find("[data-testid=log-line-count]").GetAttribute("data-count"));
    }

    [Fact]
    public async Task LogViewer_AnotherContainer_StartsOverWithItsLogAndSearch()
    {
        _logs.Publish(Line(1, "first container: loss 1.0"));
        _logs.SearchResults = (containerId, _, _) => containerId == ContainerId ? [Line(1, "first container: loss 1.0")] : [Line(7, "second container: loss 0.1")];
        var cut = RenderViewer();
        cut.WaitForAssertion(() => Assert.Single(RowTexts(cut)), TestTimeout.Render);
        cut.Find("input[data-testid=log-search]").Input("loss");
        cut.WaitForAssertion(() => Assert.Equal("1 matching line", cut.Find("[data-testid=log-match-count]").TextContent), TestTimeout.Render);

        cut.Render(parameters => parameters.Add(p => p.ContainerId, "0ther0ther00"));

        await _logs.FollowCancelled.WithTimeout();
        cut.WaitForAssertion(() => Assert.Equal("No output yet.", cut.Find("[data-testid=log-empty]").TextContent), TestTimeout.Render);

        // The first follow is over, so only the second can show this line; the search runs again over its buffer.
        _logs.Publish(Line(7, "second container: loss 0.1"));
        cut.WaitForAssertion(() => Assert.Equal(["second container: loss 0.1"], RowTexts(cut)), TestTimeout.Render);
        Assert.Equal([(ContainerId, LogViewer.DefaultTail), ("0ther0ther00", LogViewer.DefaultTail)], _logs.Follows);
        Assert.Equal("1 matching line", cut.Find("[data-testid=log-match-count]").TextContent);
        var search = _logs.Searches.Last();
        Assert.Equal(("0ther0ther00", "loss"), (search.ContainerId, search.Text));
    }

    [Fact]
    public async Task LogViewer_ScrolledAwayFromTheEnd_OffersJumpToLatest()
    {
        _logs.Publish(Line(1, "a line"));
        var cut = RenderViewer();
        cut.WaitForAssertion(() => _module.VerifyInvoke("attach"), TestTimeout.Render);
        Assert.Empty(cut.FindAll("[data-testid=log-jump-latest]"));

        await cut.InvokeAsync(() => cut.Instance.OnFollowChanged(false)).WithTimeout();

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=log-jump-latest]")), TestTimeout.Render);
        Assert.Equal("false", cut.Find("[data-testid=log-viewer]").GetAttribute("data-following"));
        cut.Find("[data-testid=log-jump-latest]").Click();

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=log-jump-latest]")), TestTimeout.Render);
        _handle.VerifyInvoke("scrollToEnd");
    }

    [Fact]
    public async Task LogViewer_Disposed_CancelsTheFollowAndReleasesTheScript()
    {
        _logs.Publish(Line(1, "running"));
        var cut = RenderViewer();
        cut.WaitForAssertion(() => Assert.Single(RowTexts(cut)), TestTimeout.Render);
        _module.VerifyInvoke("timeZone");
        Assert.False(_logs.FollowCancelled.IsCompleted);

        await DisposeComponentsAsync().WithTimeout();

        await _logs.FollowCancelled.WithTimeout();
        _handle.VerifyInvoke("dispose");
        Assert.Equal(["import", "attach"], _js.References.Select(reference => reference.CreatedBy));
        Assert.All(_js.References, reference => Assert.True(reference.IsDisposed, $"The reference from {reference.CreatedBy} was not disposed."));
    }

    [Fact]
    public void LogViewer_DarkMode_UsesTheDarkPalette()
    {
        var host = Render<DarkModeHost>(parameters => parameters
            .Add(p => p.IsDarkMode, true)
            .AddChildContent<LogViewer>(viewer => viewer.Add(p => p.ContainerId, ContainerId)));

        Assert.Contains("portal-log--dark", host.Find("[data-testid=log-viewer]").ClassName);
    }

    private IRenderedComponent<LogViewer> RenderViewer(Action<ComponentParameterCollectionBuilder<LogViewer>>? configure = null) =>
        Render<LogViewer>(parameters =>
        {
            parameters.Add(p => p.ContainerId, ContainerId).Add(p => p.ContainerName, "trainer");
            configure?.Invoke(parameters);
        });

    private static List<string> RowTexts(IRenderedComponent<LogViewer> cut) =>
        [.. cut.FindAll("[data-testid=log-line]").Select(row => row.TextContent)];

    private static LogLine Line(long sequence, string text, LogStreamKind stream = LogStreamKind.Stdout) =>
        new(sequence, Start.AddSeconds(sequence), stream, text);
}
