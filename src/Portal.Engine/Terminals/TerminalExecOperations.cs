using System.Globalization;
using System.Collections.Concurrent;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;
using Portal.Engine.Docker;

namespace Portal.Engine.Terminals;

/// <summary>Starts Docker execs with a TTY for terminals.</summary>
internal sealed partial class TerminalExecOperations(DockerConnection connection, ILogger<TerminalExecOperations> logger) : ITerminalExecOperations
{
    public const string WorkspacePath = "/workspace";

    // A container's mounts never change after it is created, so one inspect per container is enough; opening a
    // terminal is then the exec's two calls and nothing more. Pruned by the manager when containers go.
    private readonly ConcurrentDictionary<string, bool> _hasWorkspace = new(StringComparer.Ordinal);

    /// <summary>
    /// The container's best shell, chosen inside the container by the exec itself: bash when it is there, else sh.
    /// Choosing in place costs nothing, where a probe exec first would double the time to open a terminal (each exec
    /// is a runc start). <c>exec</c> replaces the chooser, so the exec's pid is the shell's and signals reach it.
    /// </summary>
    internal static readonly IReadOnlyList<string> BestShell =
    [
        "/bin/sh",
        "-c",
        "if test -x /bin/bash; then exec /bin/bash; elif command -v bash >/dev/null 2>&1; then exec bash; else exec /bin/sh; fi",
    ];

    /// <summary>xterm.js understands 256 colours and true colour; programs only use them when told.</summary>
    internal static readonly IReadOnlyList<string> Environment = ["TERM=xterm-256color", "COLORTERM=truecolor"];

    public async Task<ITerminalProcess> StartAsync(string containerId, string? command, TerminalSize? size, CancellationToken cancellationToken)
    {
        var client = connection.Client;
        if (!_hasWorkspace.TryGetValue(containerId, out var hasWorkspace))
        {
            var container = await client.Containers.InspectContainerAsync(containerId, cancellationToken).ConfigureAwait(false);
            hasWorkspace = container.Mounts?.Any(m => string.Equals(m.Destination, WorkspacePath, StringComparison.Ordinal)) == true;
            _hasWorkspace[containerId] = hasWorkspace;
        }

        var parameters = new ContainerExecCreateParameters
        {
            AttachStdin = true,
            AttachStdout = true,
            AttachStderr = true,
            TTY = true,
            Cmd = WithInitialSize(command is null ? BestShell[2] : command, size),
            Env = [.. Environment],
        };
        if (hasWorkspace)
        {
            parameters.WorkingDir = WorkspacePath;
        }

        var created = await client.Exec.CreateContainerExecAsync(containerId, parameters, cancellationToken).ConfigureAwait(false);
        var stream = await client.Exec.StartContainerExecAsync(
            created.ID,
            new ContainerExecStartParameters { TTY = true, Detach = false },
            cancellationToken).ConfigureAwait(false);
        LogStarted(logger, ShortId(containerId), ShortId(created.ID), command ?? "(best shell)");
        return new DockerTerminalProcess(client, created.ID, stream, logger);
    }

    /// <summary>
    /// The script under <c>/bin/sh -c</c>, setting the first size inside the container before the shell starts.
    /// Resizing through the API while Docker is still starting the exec can lose the terminal's output (seen on
    /// Engine 20.10), so the first size is never sent that way; later resizes are, once the shell runs.
    /// </summary>
    internal static List<string> WithInitialSize(string script, TerminalSize? size) =>
        size is { IsValid: true } known
            ? ["/bin/sh", "-c", string.Create(CultureInfo.InvariantCulture, $"stty rows {known.Rows} cols {known.Columns} 2>/dev/null; {script}")]
            : ["/bin/sh", "-c", script];

    public void Forget(IReadOnlySet<string> liveContainerIds)
    {
        foreach (var id in _hasWorkspace.Keys)
        {
            if (!liveContainerIds.Contains(id))
            {
                _hasWorkspace.TryRemove(id, out _);
            }
        }
    }

    private static string ShortId(string id) => id.Length > 12 ? id[..12] : id;

    [LoggerMessage(Level = LogLevel.Debug, Message = "Started terminal exec {ExecId} in {ContainerId}: {Command}")]
    private static partial void LogStarted(ILogger logger, string containerId, string execId, string command);
}
