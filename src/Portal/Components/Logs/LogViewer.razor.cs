using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.Extensions.Logging;
using Microsoft.JSInterop;
using Portal.Components.Shared;
using Portal.Engine.Logs;

namespace Portal.Components.Logs;

/// <summary>
/// A container's log, live: the engine's snapshot then its updates (<see cref="IContainerLogs.FollowAsync"/>), kept in a
/// bounded window and shown in virtualized rows. Lines arrive on a background loop and are rendered in batches at most
/// every <see cref="RenderInterval"/>, so a container printing thousands of lines a second never floods the circuit.
/// Searching and filtering use the engine's buffer (<see cref="IContainerLogs.Search"/>).
/// </summary>
public sealed partial class LogViewer : IAsyncDisposable
{
    /// <summary>The default of <see cref="MaxLines"/>.</summary>
    public const int DefaultMaxLines = 10_000;

    /// <summary>The default of <see cref="Tail"/>.</summary>
    public const int DefaultTail = 1_000;

    /// <summary>The ES module that follows the end of the scroll container, from the root wwwroot/.</summary>
    internal const string ModulePath = "./js/logviewer.js";

    /// <summary>The row height in pixels when lines do not wrap (css/logviewer.css sets the same).</summary>
    internal const int LineHeightPixels = 20;

    /// <summary>The shortest time between two renders of new lines.</summary>
    internal static readonly TimeSpan RenderInterval = TimeSpan.FromMilliseconds(100);

    private const int SearchDebounceMilliseconds = 300;
    private const string LocalTimeFormat = "yyyy-MM-dd HH:mm:ss.fff";

    private LogLineWindow _lines = new(DefaultMaxLines);
    private LogLineWindow _matches = new(DefaultMaxLines);
    private PendingLogLines? _pending;
    private CancellationTokenSource? _followCancellation;
    private Task _following = Task.CompletedTask;
    private Task _rendering = Task.CompletedTask;
    private (string ContainerId, int Tail, int MaxLines)? _followed;

    private ElementReference _scroller;
    private ScriptHandle? _script;
    private DotNetObjectReference<LogViewer>? _selfReference;
    private TimeZoneInfo _timeZone = TimeZoneInfo.Utc;
    private bool _disposed;

    private bool _atEnd = true;
    private bool _paused;
    private long _arrivedWhilePaused;
    private long _missed;
    private string? _failure;
    private string _search = string.Empty;
    private bool _searchIsStale;
    private bool _filter;
    private bool _showTimestamps;
    private bool _wrap;

    [Inject]
    private IContainerLogs Logs { get; set; } = default!;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    [Inject]
    private ILogger<LogViewer> Logger { get; set; } = default!;

    /// <summary>The container: its Docker id. Required; the caller has checked that the user may read it.</summary>
    [Parameter, EditorRequired]
    public string ContainerId { get; set; } = string.Empty;

    /// <summary>The container's name as people know it, for the downloaded file's name. Defaults to <c>null</c>: the id.</summary>
    [Parameter]
    public string? ContainerName { get; set; }

    /// <summary>Whether the container runs now; a stopped one still shows the lines it wrote. Defaults to <c>true</c>.</summary>
    [Parameter]
    public bool IsRunning { get; set; } = true;

    /// <summary>Called each time the viewer starts following a container (the page audits an admin's read).</summary>
    [Parameter]
    public EventCallback<string> OnFollowStarted { get; set; }

    /// <summary>How many recent lines to show when the viewer opens. Defaults to <see cref="DefaultTail"/>.</summary>
    [Parameter]
    public int Tail { get; set; } = DefaultTail;

    /// <summary>The most lines the viewer keeps (the oldest go first), and the most matches a search shows. Defaults to <see cref="DefaultMaxLines"/>.</summary>
    [Parameter]
    public int MaxLines { get; set; } = DefaultMaxLines;

    /// <summary>The CSS height of the scrolling lines. Defaults to <c>min(65vh, 720px)</c>.</summary>
    [Parameter]
    public string Height { get; set; } = "min(65vh, 720px)";

    /// <summary>The portal's dark mode, cascaded by the main layout; the ANSI colours follow it. Defaults to <c>false</c>.</summary>
    [CascadingParameter(Name = "IsDarkMode")]
    public bool IsDarkMode { get; set; }

    /// <summary>Where the download link points: the whole log as text, with timestamps when they are shown.</summary>
    internal string DownloadUrl =>
        $"api/v1/containers/{Uri.EscapeDataString(ContainerId)}/logs?timestamps={(_showTimestamps ? "true" : "false")}";

    private string DownloadFileName => $"{(string.IsNullOrWhiteSpace(ContainerName) ? ContainerId : ContainerName)}.log";

    private bool IsFiltering => _filter && _search.Length > 0;

    private ICollection<LogLine> VisibleLines => IsFiltering ? _matches.Items : _lines.Items;

    private string RootClass => "portal-log" + (IsDarkMode ? " portal-log--dark" : "");

    private string ScrollClass => "portal-log-scroll" + (_wrap ? " portal-log-scroll--wrap" : "");

    private string LineCountText => _lines.Count == 1 ? "1 line" : string.Create(CultureInfo.InvariantCulture, $"{_lines.Count:N0} lines");

    private string? MatchCountText => _search.Length == 0
        ? null
        : _matches.Count switch
        {
            0 => "no matching lines",
            1 => "1 matching line",
            var count when _matches.IsFull => string.Create(CultureInfo.InvariantCulture, $"the last {count:N0} matching lines"),
            var count => string.Create(CultureInfo.InvariantCulture, $"{count:N0} matching lines"),
        };

    protected override async Task OnParametersSetAsync()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxLines, 1, nameof(MaxLines));
        ArgumentOutOfRangeException.ThrowIfNegative(Tail, nameof(Tail));

        // Following starts after the first render (never while prerendering); a new container or size starts over.
        if (_followed is not null && _followed != (ContainerId, Tail, MaxLines))
        {
            await StartFollowingAsync();
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender)
        {
            return;
        }

        await StartFollowingAsync();
        await AttachScriptAsync();
    }

    private async Task StartFollowingAsync()
    {
        await StopFollowingAsync();
        if (_disposed)
        {
            return;
        }

        _followed = (ContainerId, Tail, MaxLines);
        _lines = new LogLineWindow(MaxLines);
        _matches = new LogLineWindow(MaxLines);
        _missed = 0;
        _arrivedWhilePaused = 0;
        _failure = null;
        // A search kept from the previous container runs again once the engine follows this one.
        _matches.Clear();
        _searchIsStale = _search.Length > 0;

        var pending = new PendingLogLines(MaxLines);
        _pending = pending;
        _followCancellation = new CancellationTokenSource();
        var cancellationToken = _followCancellation.Token;
        var (containerId, tail) = (ContainerId, Tail);
        // Off the circuit's dispatcher: reading batches must never wait for a render, nor a render for a batch.
        _following = Task.Run(() => ReadAsync(containerId, tail, pending, cancellationToken), CancellationToken.None);
        await OnFollowStarted.InvokeAsync(containerId);
        _rendering = RenderBatchesAsync(pending, cancellationToken);
    }

    private async Task ReadAsync(string containerId, int tail, PendingLogLines pending, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var batch in Logs.FollowAsync(containerId, tail, cancellationToken).WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                pending.Add(batch);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped: disposed, or following another container.
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFollowFailed(Logger, ex, containerId);
            await InvokeAsync(() =>
            {
                if (!cancellationToken.IsCancellationRequested)
                {
                    _failure = ex.Message;
                    StateHasChanged();
                }
            });
        }
    }

    // Wakes when lines arrived, renders them, then waits out the interval: at most one render per interval.
    private async Task RenderBatchesAsync(PendingLogLines pending, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await pending.WaitAsync(cancellationToken);
            await InvokeAsync(() =>
            {
                if (!cancellationToken.IsCancellationRequested && Flush(pending))
                {
                    StateHasChanged();
                }
            });
            await Task.Delay(RenderInterval, Clock, cancellationToken);
        }
    }

    // Moves what arrived into the view (or only counts it while paused); returns whether anything shown changed.
    private bool Flush(PendingLogLines pending)
    {
        var missed = pending.TakeMissed();
        _missed += missed;
        if (_paused)
        {
            var arrived = pending.Arrived;
            var counted = arrived != _arrivedWhilePaused;
            _arrivedWhilePaused = arrived;
            return missed > 0 || counted;
        }

        var lines = pending.TakeLines();
        _arrivedWhilePaused = 0;
        if (lines.Count == 0)
        {
            return missed > 0;
        }

        _lines.Append(lines);
        if (_searchIsStale)
        {
            RunSearch();
        }

        if (_search.Length > 0)
        {
            // The search covered the engine's buffer up to its newest match; later lines are matched here.
            var after = _matches.LastSequence ?? long.MinValue;
            _matches.Append(lines.Where(line => line.Sequence > after && line.Text.Contains(_search, StringComparison.OrdinalIgnoreCase)));
        }

        return true;
    }

    private async Task StopFollowingAsync()
    {
        if (_followCancellation is null)
        {
            return;
        }

        await _followCancellation.CancelAsync();
        foreach (var task in new[] { _following, _rendering })
        {
            try
            {
                await task;
            }
            catch (OperationCanceledException)
            {
                // Expected: that is how they stop.
            }
        }

        _followCancellation.Dispose();
        _followCancellation = null;
        _pending = null;
    }

    private async Task AttachScriptAsync()
    {
        _selfReference = DotNetObjectReference.Create(this);
        try
        {
            var selfReference = _selfReference;
            _script = await ScriptHandle.OpenAsync(JS, ModulePath, module => module.InvokeAsync<IJSObjectReference>("attach", _scroller, selfReference), () => _disposed);
            if (_script is null)
            {
                return;
            }

            var timeZone = await _script.Module.InvokeAsync<string?>("timeZone");
            if (ApplyTimeZone(timeZone) && _showTimestamps)
            {
                StateHasChanged();
            }
        }
        catch (JSDisconnectedException)
        {
            // The browser went away while the viewer opened.
        }
        catch (JSException ex)
        {
            // Without the script the view does not follow the end, but the lines still show.
            LogScriptFailed(Logger, ex, "attach");
        }
    }

    private bool ApplyTimeZone(string? id)
    {
        if (string.IsNullOrEmpty(id) || id == _timeZone.Id)
        {
            return false;
        }

        try
        {
            _timeZone = TimeZoneInfo.FindSystemTimeZoneById(id);
            return true;
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            // A zone this server does not know: timestamps stay in UTC, and say so.
            return false;
        }
    }

    /// <summary>Called by logviewer.js when the person scrolled away from the end of the log, or back to it.</summary>
    [JSInvokable]
    public Task OnFollowChanged(bool following) => InvokeAsync(() =>
    {
        _atEnd = following;
        StateHasChanged();
    });

    private async Task JumpToLatestAsync()
    {
        // "Latest" includes what arrived during a pause.
        if (_paused)
        {
            Resume();
        }

        _atEnd = true;
        await InvokeScriptAsync("scrollToEnd");
    }

    private void TogglePause()
    {
        if (_paused)
        {
            Resume();
        }
        else
        {
            _paused = true;
            _arrivedWhilePaused = 0;
        }
    }

    private void Resume()
    {
        _paused = false;
        if (_pending is { } pending)
        {
            Flush(pending);
        }
    }

    private void OnSearchChanged(string? text)
    {
        // Searched as typed ("loss " is not "loss"), but blanks alone are no search.
        _search = string.IsNullOrWhiteSpace(text) ? string.Empty : text;
        RunSearch();
    }

    private void RunSearch()
    {
        _searchIsStale = false;
        _matches.Clear();
        if (_search.Length > 0)
        {
            _matches.Append(Logs.Search(ContainerId, _search, MaxLines));
        }
    }

    private void ToggleFilter() => _filter = !_filter;

    private void ToggleTimestamps() => _showTimestamps = !_showTimestamps;

    private void ToggleWrap() => _wrap = !_wrap;

    private void DismissMissed() => _missed = 0;

    private Task RetryAsync() => StartFollowingAsync();

    private static string LineClass(LogLine line) => line.Stream switch
    {
        LogStreamKind.Stderr => "portal-log-line portal-log-line--stderr",
        LogStreamKind.System => "portal-log-line portal-log-line--system",
        _ => "portal-log-line",
    };

    private static string StreamName(LogStreamKind stream) => stream switch
    {
        LogStreamKind.Stderr => "stderr",
        LogStreamKind.System => "system",
        _ => "stdout",
    };

    private string LocalTime(DateTimeOffset timestamp) =>
        TimeZoneInfo.ConvertTime(timestamp, _timeZone).ToString(LocalTimeFormat, CultureInfo.InvariantCulture);

    private string TimestampTitle(DateTimeOffset timestamp) =>
        TimeZoneInfo.ConvertTime(timestamp, _timeZone).ToString("yyyy-MM-ddTHH:mm:ss.fffffffzzz", CultureInfo.InvariantCulture)
        + (_timeZone == TimeZoneInfo.Utc ? " (UTC)" : $" ({_timeZone.Id})");

    // The line's text as styled runs with search matches marked. Always text nodes: markup in a log shows as written.
    private RenderFragment LineText(LogLine line) => builder =>
    {
        foreach (var run in LogTextHighlighter.Highlight(AnsiParser.Parse(line.Text), _search))
        {
            var cssClass = run.Style.ToCssClass();
            var style = run.Style.ToInlineStyle();
            if (!run.IsMatch && cssClass is null && style is null)
            {
                builder.AddContent(0, run.Text);
                continue;
            }

            AddStyledRun(builder, run, cssClass, style);
        }
    };

    private static void AddStyledRun(RenderTreeBuilder builder, LogTextRun run, string? cssClass, string? style)
    {
        builder.OpenElement(1, run.IsMatch ? "mark" : "span");
        builder.AddAttribute(2, "class", run.IsMatch ? $"portal-log-match {cssClass}".TrimEnd() : cssClass);
        builder.AddAttribute(3, "style", style);
        builder.AddContent(4, run.Text);
        builder.CloseElement();
    }

    private async Task InvokeScriptAsync(string identifier)
    {
        if (_script is null || _disposed)
        {
            return;
        }

        try
        {
            await _script.InvokeVoidAsync(identifier);
        }
        catch (JSDisconnectedException)
        {
            // The browser is gone; DisposeAsync follows.
        }
        catch (JSException ex)
        {
            LogScriptFailed(Logger, ex, identifier);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Following the log of container {ContainerId} failed")]
    private static partial void LogFollowFailed(ILogger logger, Exception exception, string containerId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "logviewer.js failed in {Identifier}")]
    private static partial void LogScriptFailed(ILogger logger, Exception exception, string identifier);

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await StopFollowingAsync();
        if (_script is not null)
        {
            await _script.DisposeAsync();
        }

        _selfReference?.Dispose();
    }
}
