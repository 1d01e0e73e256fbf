using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.Logging;
using Microsoft.JSInterop;
using Portal.Components.Shared;

namespace Portal.Components.Terminals;

/// <summary>
/// A terminal into a container: xterm.js on <c>GET /api/v1/containers/{id}/terminal</c> (a WebSocket). The JS module
/// reconnects by itself after a dropped connection and reattaches to the same session; this component shows where the
/// connection stands and owns the module's lifetime.
/// </summary>
public sealed partial class TerminalView : IAsyncDisposable
{
    /// <summary>The ES module that drives xterm.js, from the root wwwroot/.</summary>
    internal const string ModulePath = "./js/terminal.js";

    internal const string IncrementalSearch = "incremental";
    internal const string NextMatch = "next";
    internal const string PreviousMatch = "previous";

    private ElementReference _screen;
    private ScriptHandle? _script;
    private DotNetObjectReference<TerminalView>? _selfReference;
    private bool _appliedDarkMode;
    private bool _disposed;
    private bool _fullScreen;
    private string _searchText = string.Empty;
    private int _searchIndex = -1;
    private int _searchCount;
    private TerminalStatus _status = TerminalStatus.Connecting;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    [Inject]
    private ILogger<TerminalView> Logger { get; set; } = default!;

    /// <summary>The container: its Docker id (or a unique prefix) or its portal id. Required.</summary>
    [Parameter, EditorRequired]
    public string ContainerId { get; set; } = string.Empty;

    /// <summary>The command to run, such as <c>bash</c>. Defaults to <c>null</c>: the server picks the container's best shell.</summary>
    [Parameter]
    public string? Command { get; set; }

    /// <summary>A live session to reattach to (its id from an earlier view). Defaults to <c>null</c>: a new session.</summary>
    [Parameter]
    public string? SessionId { get; set; }

    /// <summary>The portal's dark mode, cascaded by the main layout; the terminal's colours follow it. Defaults to <c>false</c>.</summary>
    [CascadingParameter(Name = "IsDarkMode")]
    public bool IsDarkMode { get; set; }

    /// <summary>The CSS height of the whole view, toolbar included. Defaults to <c>480px</c>.</summary>
    [Parameter]
    public string Height { get; set; } = "480px";

    /// <summary>Raised whenever the connection's state changes (connected, reconnecting, ended...).</summary>
    [Parameter]
    public EventCallback<TerminalStatus> StatusChanged { get; set; }

    /// <summary>Raised with the server's session id once a session is attached.</summary>
    [Parameter]
    public EventCallback<string> SessionStarted { get; set; }

    /// <summary>Where the connection stands now.</summary>
    public TerminalStatus Status => _status;

    /// <summary>The session the server announced last; <c>null</c> before it did.</summary>
    public string? CurrentSessionId { get; private set; }

    /// <summary>The endpoint, relative to the page's base address; terminal.js makes it a ws:// or wss:// URL.</summary>
    internal string EndpointUrl
    {
        get
        {
            var url = $"api/v1/containers/{Uri.EscapeDataString(ContainerId)}/terminal";
            var query = new List<string>();
            if (!string.IsNullOrWhiteSpace(Command))
            {
                query.Add("command=" + Uri.EscapeDataString(Command));
            }

            if (!string.IsNullOrWhiteSpace(SessionId))
            {
                query.Add("session=" + Uri.EscapeDataString(SessionId));
            }

            return query.Count == 0 ? url : url + "?" + string.Join('&', query);
        }
    }

    private string RootClass => _fullScreen ? "portal-terminal portal-terminal--fullscreen" : "portal-terminal";

    private string SearchCountText => _searchText.Length == 0
        ? string.Empty
        : _searchCount == 0 ? "none" : _searchIndex >= 0 ? $"{_searchIndex + 1}/{_searchCount}" : $"{_searchCount}";

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            await OpenAsync();
        }
        else if (_script is not null && _appliedDarkMode != IsDarkMode)
        {
            _appliedDarkMode = IsDarkMode;
            await InvokeHandleAsync("setTheme", IsDarkMode);
        }
    }

    private async Task OpenAsync()
    {
        _selfReference = DotNetObjectReference.Create(this);
        try
        {
            var selfReference = _selfReference;
            var options = new TerminalOpenOptions(EndpointUrl, IsDarkMode, SessionId);
            _script = await ScriptHandle.OpenAsync(JS, ModulePath, module => module.InvokeAsync<IJSObjectReference>("open", _screen, selfReference, options), () => _disposed);
            if (_script is null)
            {
                return;
            }

            _appliedDarkMode = IsDarkMode;
            await _script.InvokeVoidAsync("focus");
        }
        catch (JSDisconnectedException)
        {
            // The browser went away while the terminal was opening.
        }
        catch (JSException e)
        {
            // The module or xterm.js did not load (a build without `npm ci` output, a blocked script): say so.
            _status = new TerminalStatus(TerminalStates.Failed, Message: $"the terminal script did not load ({e.Message})");
            StateHasChanged();
        }
    }

    /// <summary>Puts the keyboard focus in the terminal (and fits it: a tab that was hidden has a new size).</summary>
    public Task FocusAsync() => InvokeHandleAsync("focus");

    /// <summary>
    /// Ends the session: the server ends the shell and everything it started (<c>{"type":"close"}</c>), then reports
    /// the exit. Disposing only detaches.
    /// </summary>
    public async Task EndSessionAsync()
    {
        if (_status.IsLive)
        {
            await InvokeHandleAsync("endSession");
        }
    }

    /// <summary>Called by terminal.js when the connection's state changes.</summary>
    [JSInvokable]
    public async Task OnStatus(TerminalStatus status)
    {
        _status = status;
        await InvokeAsync(StateHasChanged);
        await StatusChanged.InvokeAsync(status);
    }

    /// <summary>Called by terminal.js when the server announced the session.</summary>
    [JSInvokable]
    public async Task OnSession(string id)
    {
        CurrentSessionId = id;
        await InvokeAsync(StateHasChanged);
        await SessionStarted.InvokeAsync(id);
    }

    /// <summary>Called by terminal.js when the search's matches changed; <paramref name="index"/> is -1 with no current match.</summary>
    [JSInvokable]
    public async Task OnSearchResults(int index, int count)
    {
        _searchIndex = index;
        _searchCount = count;
        await InvokeAsync(StateHasChanged);
    }

    private async Task SearchAsync(string? text)
    {
        _searchText = text ?? string.Empty;
        if (_searchText.Length == 0)
        {
            await InvokeHandleAsync("clearSearch");
        }
        else
        {
            await FindAsync(IncrementalSearch);
        }
    }

    private Task FindAsync(string direction) => _searchText.Length == 0 ? Task.CompletedTask : InvokeHandleAsync("search", _searchText, direction);

    private Task OnSearchKeyDownAsync(KeyboardEventArgs args) => args.Key switch
    {
        "Enter" => FindAsync(args.ShiftKey ? PreviousMatch : NextMatch),
        "Escape" => FocusAsync(),
        _ => Task.CompletedTask,
    };

    private async Task ToggleFullScreenAsync()
    {
        _fullScreen = !_fullScreen;
        // The ResizeObserver refits the grid; the keyboard goes back to the terminal.
        await FocusAsync();
    }

    private Task ReconnectAsync() => InvokeHandleAsync("reconnect");

    private Task RestartAsync() => InvokeHandleAsync("restart");

    private async Task InvokeHandleAsync(string identifier, params object?[] arguments)
    {
        if (_script is null || _disposed)
        {
            return;
        }

        try
        {
            await _script.InvokeVoidAsync(identifier, arguments);
        }
        catch (JSDisconnectedException)
        {
            // The browser is gone; DisposeAsync follows.
        }
        catch (JSException e)
        {
            // A bug in the script must not end the circuit (and every other terminal on the page with it).
            LogScriptFailed(Logger, e, identifier);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "terminal.js failed in {Identifier}")]
    private static partial void LogScriptFailed(ILogger logger, Exception exception, string identifier);

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_script is not null)
        {
            // Closes the socket normally: a detach, the session lives on for the server's grace period.
            await _script.DisposeAsync();
        }

        _selfReference?.Dispose();
    }
}

/// <summary>What terminal.js's <c>open</c> needs, serialized as JSON with camelCase names.</summary>
/// <param name="Url">The endpoint, relative to the page's base address.</param>
/// <param name="Dark">Dark colours.</param>
/// <param name="SessionId">A session to reattach to, or null for a new one.</param>
internal sealed record TerminalOpenOptions(string Url, bool Dark, string? SessionId);
