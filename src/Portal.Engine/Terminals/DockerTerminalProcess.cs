using System.Runtime.InteropServices;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;

namespace Portal.Engine.Terminals;

/// <summary>
/// A Docker exec with a TTY on its hijacked stream. With a TTY the stream is raw (no stdout/stderr framing), so
/// bytes pass through untouched: invalid UTF-8 and binary output reach the browser as the process wrote them.
/// </summary>
internal sealed partial class DockerTerminalProcess : ITerminalProcess
{
    private static readonly TimeSpan HangupGrace = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan KillGrace = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan ExitCodeWait = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);
    private readonly IDockerClient _client;
    private readonly MultiplexedStream _stream;
    private readonly ILogger _logger;
    // The hijacked stream takes one write at a time; input and the initial size may race otherwise.
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private int _disposed;

    public DockerTerminalProcess(IDockerClient client, string execId, MultiplexedStream stream, ILogger logger)
    {
        _client = client;
        ExecId = execId;
        _stream = stream;
        _logger = logger;
    }

    public string ExecId { get; }

    public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        if (!MemoryMarshal.TryGetArray<byte>(buffer, out var segment))
        {
            throw new ArgumentException("The buffer must be array-backed.", nameof(buffer));
        }

        var result = await _stream.ReadOutputAsync(segment.Array!, segment.Offset, segment.Count, cancellationToken).ConfigureAwait(false);
        return result.Count;
    }

    public async Task WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (!MemoryMarshal.TryGetArray(data, out var segment))
        {
            segment = new ArraySegment<byte>(data.ToArray());
        }

        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _stream.WriteAsync(segment.Array!, segment.Offset, segment.Count, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public Task ResizeAsync(TerminalSize size, CancellationToken cancellationToken) =>
        _client.Exec.ResizeExecTtyAsync(ExecId, new ContainerResizeParameters { Height = size.Rows, Width = size.Columns }, cancellationToken);

    public async Task<long?> GetExitCodeAsync(CancellationToken cancellationToken)
    {
        // The stream can end a moment before Docker records the exit; wait for the record, briefly.
        var deadline = DateTime.UtcNow + ExitCodeWait;
        while (true)
        {
            var inspect = await InspectAsync(cancellationToken).ConfigureAwait(false);
            if (inspect is null)
            {
                return null;
            }

            if (!inspect.Running)
            {
                return inspect.ExitCode;
            }

            if (DateTime.UtcNow >= deadline)
            {
                return null;
            }

            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task TerminateAsync(CancellationToken cancellationToken)
    {
        // Docker hands out the stream before it starts the process, and says Running with pid 0 until it has: a
        // terminal closed at once must wait for its pid, or its shell would start after the hang-up and stay.
        var inspect = await InspectAsync(cancellationToken).ConfigureAwait(false);
        var deadline = DateTime.UtcNow + HangupGrace;
        while (inspect is { Running: true, Pid: 0 } && DateTime.UtcNow < deadline)
        {
            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
            inspect = await InspectAsync(cancellationToken).ConfigureAwait(false);
        }

        if (inspect is not { Running: true })
        {
            return;
        }

        var pid = inspect.Pid;
        if (!ProcessSignals.IsSignallable(pid))
        {
            // Closing the stream is all that is left; the process ends when the container stops.
            LogCannotSignal(_logger, ShortId(ExecId), pid);
            return;
        }

        foreach (var (signal, grace) in new[] { (ProcessSignals.Hangup, HangupGrace), (ProcessSignals.Kill, KillGrace) })
        {
            var error = ProcessSignals.Send(pid, signal);
            if (error != 0)
            {
                LogSignalFailed(_logger, signal, ShortId(ExecId), pid, error);
                return;
            }

            if (await WaitForExitAsync(grace, cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }

        LogStillRunning(_logger, ShortId(ExecId), pid);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _stream.Dispose();
        }
    }

    private async Task<bool> WaitForExitAsync(TimeSpan grace, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + grace;
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
            if (await InspectAsync(cancellationToken).ConfigureAwait(false) is not { Running: true })
            {
                return true;
            }
        }

        return false;
    }

    private async Task<ContainerExecInspectResponse?> InspectAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _client.Exec.InspectContainerExecAsync(ExecId, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerApiException ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            // The container (and its execs) is gone.
            return null;
        }
    }

    private static string ShortId(string id) => id.Length > 12 ? id[..12] : id;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Exec {ExecId} (host pid {Pid}) cannot be signalled from here; it ends when the container stops")]
    private static partial void LogCannotSignal(ILogger logger, string execId, long pid);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Signal {Signal} to exec {ExecId} (host pid {Pid}) failed with errno {Errno}")]
    private static partial void LogSignalFailed(ILogger logger, int signal, string execId, long pid, int errno);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Exec {ExecId} (host pid {Pid}) still runs after SIGHUP and SIGKILL")]
    private static partial void LogStillRunning(ILogger logger, string execId, long pid);
}
