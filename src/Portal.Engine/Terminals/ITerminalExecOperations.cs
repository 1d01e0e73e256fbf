namespace Portal.Engine.Terminals;

/// <summary>Starts terminal processes in containers. One small Docker-facing type, so sessions are testable without Docker.</summary>
internal interface ITerminalExecOperations
{
    /// <summary>
    /// Starts <paramref name="command"/> (a shell command line) on a new TTY in the container, or the container's
    /// best shell when it is null. Its working directory is <c>/workspace</c> when the container has that mount.
    /// </summary>
    Task<ITerminalProcess> StartAsync(string containerId, string? command, TerminalSize? size, CancellationToken cancellationToken);

    /// <summary>Drops what is remembered about containers that no longer exist.</summary>
    void Forget(IReadOnlySet<string> liveContainerIds);
}
