using System.Net.WebSockets;
using Portal.Engine.Terminals;

namespace Portal.Terminals;

/// <summary>
/// How the server closes a terminal socket. The browser reconnects (with backoff, passing <c>session</c>) only
/// after an abnormal close (1006, 1001, 1011); after these it does not, because the session is gone or in
/// another tab.
/// </summary>
internal static class TerminalCloseCodes
{
    /// <summary>After <c>{"type":"exit"}</c>: the session ended.</summary>
    public const WebSocketCloseStatus Exited = WebSocketCloseStatus.NormalClosure;

    /// <summary>After <c>{"type":"taken-over"}</c>: another tab attached to the session.</summary>
    public const WebSocketCloseStatus TakenOver = (WebSocketCloseStatus)4000;

    /// <summary>After <c>{"type":"error","code":"session-ended"}</c>: nothing to reattach to; open a new one.</summary>
    public const WebSocketCloseStatus SessionEnded = (WebSocketCloseStatus)4404;

    /// <summary>After <c>{"type":"error","code":"container-not-running"}</c> (it stopped while opening).</summary>
    public const WebSocketCloseStatus ContainerNotRunning = (WebSocketCloseStatus)4409;

    /// <summary>After <c>{"type":"error","code":"too-many-sessions"}</c>.</summary>
    public const WebSocketCloseStatus TooManySessions = (WebSocketCloseStatus)4429;

    /// <summary>After <c>{"type":"error","code":"exec-failed"}</c>: Docker refused to start the process.</summary>
    public const WebSocketCloseStatus ExecFailed = (WebSocketCloseStatus)4500;

    /// <summary>After <c>{"type":"error","code":"shutting-down"}</c>; retrying later works.</summary>
    public const WebSocketCloseStatus ShuttingDown = WebSocketCloseStatus.EndpointUnavailable;

    public static WebSocketCloseStatus ForError(string code) => code switch
    {
        TerminalErrorCodes.SessionEnded => SessionEnded,
        TerminalErrorCodes.ContainerNotRunning => ContainerNotRunning,
        TerminalErrorCodes.TooManySessions => TooManySessions,
        TerminalErrorCodes.ShuttingDown => ShuttingDown,
        _ => ExecFailed,
    };
}
