using MudBlazor;

namespace Portal.Components.Terminals;

/// <summary>
/// Where a terminal's connection stands, as wwwroot/js/terminal.js reports it, with the line a person reads.
/// </summary>
/// <param name="State">One of the <c>TerminalStates</c> words.</param>
/// <param name="Code">The exit code, for <see cref="TerminalStates.Exited"/>.</param>
/// <param name="Seconds">Seconds until the next try, for <see cref="TerminalStates.Reconnecting"/> and <see cref="TerminalStates.Retrying"/>.</param>
/// <param name="Message">Why the server refused, for <see cref="TerminalStates.Failed"/>, when it said.</param>
/// <param name="Reason">
/// The server's word for why: the exit reason for <see cref="TerminalStates.Exited"/> (<c>exited</c>, <c>closed</c>,
/// <c>container-stopped</c>, ...), the error code for <see cref="TerminalStates.Failed"/> (<c>session-ended</c>, ...).
/// </param>
public sealed record TerminalStatus(string State, int? Code = null, int? Seconds = null, string? Message = null, string? Reason = null)
{
    public static TerminalStatus Connecting { get; } = new(TerminalStates.Connecting);

    /// <summary>The shell is attached and takes keystrokes.</summary>
    public bool IsLive => State is TerminalStates.Connected or TerminalStates.Reconnected or TerminalStates.Replaying;

    /// <summary>The session is over for this view: only a new session or taking it back helps.</summary>
    public bool IsFinal => State is TerminalStates.Exited or TerminalStates.TakenOver or TerminalStates.Failed;

    public string Text => State switch
    {
        TerminalStates.Connecting => "Connecting…",
        TerminalStates.ReconnectingNow => "Reconnecting…",
        TerminalStates.Replaying => "Reattaching…",
        TerminalStates.Connected => "Connected",
        TerminalStates.Reconnected => "Reconnected",
        TerminalStates.Reconnecting => $"Disconnected — reconnecting in {Seconds ?? 1} s…",
        TerminalStates.Retrying => $"Could not connect — retrying in {Seconds ?? 1} s…",
        TerminalStates.Exited => Reason switch
        {
            "closed" => "Session closed",
            "container-stopped" => "Session ended: the container stopped",
            "grace-expired" => "Session ended: it was not reattached in time",
            "idle-timeout" => "Session ended: idle for too long",
            "shutdown" => "Session ended: the portal shut down",
            _ => Code is { } code ? $"Session ended (exit {code})" : "Session ended",
        },
        TerminalStates.TakenOver => "This terminal was opened in another tab",
        TerminalStates.Failed => Message is { Length: > 0 } message
            ? $"Could not open a terminal: {message.TrimEnd('.')}."
            : "Could not open a terminal: the container may have stopped or been removed.",
        _ => State,
    };

    public Color Color => State switch
    {
        TerminalStates.Connected or TerminalStates.Reconnected => Color.Success,
        TerminalStates.Failed => Color.Error,
        TerminalStates.Exited or TerminalStates.TakenOver => Color.Default,
        _ => Color.Warning,
    };
}

/// <summary>The states terminal.js reports.</summary>
public static class TerminalStates
{
    public const string Connecting = "connecting";
    public const string ReconnectingNow = "reconnecting-now";
    public const string Replaying = "replaying";
    public const string Connected = "connected";
    public const string Reconnected = "reconnected";
    public const string Reconnecting = "reconnecting";
    public const string Retrying = "retrying";
    public const string Exited = "exited";
    public const string TakenOver = "taken-over";
    public const string Failed = "failed";
}
