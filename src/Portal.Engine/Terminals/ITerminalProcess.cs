namespace Portal.Engine.Terminals;

/// <summary>
/// One process on a terminal in a container: a Docker exec with a TTY in production, a fake in unit tests. The
/// session reads and writes it from different threads at once; writes are serialized here.
/// </summary>
internal interface ITerminalProcess : IDisposable
{
    /// <summary>Docker's exec id.</summary>
    string ExecId { get; }

    /// <summary>Reads what the terminal printed; 0 when the process ended and its output was read.</summary>
    ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken);

    /// <summary>Types <paramref name="data"/> into the terminal.</summary>
    Task WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    Task ResizeAsync(TerminalSize size, CancellationToken cancellationToken);

    /// <summary>The exit code once the process ended (null when Docker cannot tell, for instance the container is gone).</summary>
    Task<long?> GetExitCodeAsync(CancellationToken cancellationToken);

    /// <summary>Hangs the terminal up (SIGHUP), then kills the process when it does not end; returns when it ended or was given up on.</summary>
    Task TerminateAsync(CancellationToken cancellationToken);
}
