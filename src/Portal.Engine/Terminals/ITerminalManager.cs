using Portal.Engine.Containers;

namespace Portal.Engine.Terminals;

/// <summary>
/// Browser terminals into containers that survive a dropped connection. Opening checks the per-user limit and
/// audits; a session outlives its socket for <c>Terminals:DetachedGraceMinutes</c> and is ended after that, after
/// the idle timeout, when its container stops, and when the portal shuts down. The caller has already checked
/// that the actor may see the container (<see cref="IContainerManager.Find"/>).
/// </summary>
public interface ITerminalManager
{
    /// <summary>Every live session (diagnostics and tests).</summary>
    IReadOnlyCollection<TerminalSession> Sessions { get; }

    /// <summary>A live session by id, or null.</summary>
    TerminalSession? Find(string sessionId);

    /// <summary>
    /// Starts <paramref name="command"/> (a shell command line; null for the container's best shell) on a new
    /// terminal and attaches to it. The attachment's owner disposes it to detach.
    /// </summary>
    Task<TerminalOpenResult> OpenAsync(Actor actor, ContainerSummary container, string? command, TerminalSize? size, CancellationToken cancellationToken);

    /// <summary>
    /// Attaches to a live session of the actor's in that container: scrollback replay, then live output. Another
    /// browser attached to it is taken over. Someone else's session, or one that ended, is
    /// <see cref="TerminalErrorCodes.SessionEnded"/> alike, so session ids reveal nothing.
    /// </summary>
    TerminalOpenResult Reattach(Actor actor, ContainerSummary container, string sessionId);
}
