using Microsoft.Extensions.Logging;
using Portal.Engine.Containers;

namespace Portal.Engine.Terminals;

/// <summary>
/// One terminal in a container: a Docker exec with a TTY that outlives the browser that opened it. A read pump
/// copies the terminal's output into a fixed scrollback ring and, when a browser is attached, into that browser's
/// bounded queue; a full queue stops the pump, so a flood never grows memory past the ring, the queue and one read
/// buffer. While detached the pump keeps reading into the ring only, so a busy process never blocks on a missing
/// browser. The session ends when its process does; <see cref="EndAsync"/> makes the process end.
/// </summary>
public sealed partial class TerminalSession
{
    private const int ReadChunkBytes = 32 * 1024;
    private static readonly TimeSpan TerminateTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan PumpDrainTimeout = TimeSpan.FromSeconds(3);
    private readonly Lock _gate = new();
    private readonly ITerminalProcess _process;
    private readonly ScrollbackBuffer _scrollback;
    private readonly int _queueCapacity;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    // Cancelled only when the process could not be ended by signals: it unblocks the pump so the session can end.
    private readonly CancellationTokenSource _abort = new();
    private readonly TaskCompletionSource<TerminalExit> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TerminalAttachment? _current;
    private DateTimeOffset? _detachedAt;
    private long _lastActivityTicks;
    private long _peakBufferedBytes;
    private long _outputBytes;
    private TerminalEndReason? _endReason;
    private TerminalExit? _exit;
    private Task? _pump;
    private Task? _ending;

    internal TerminalSession(
        string id,
        string owner,
        ContainerSummary container,
        string? command,
        ITerminalProcess process,
        TerminalOptions options,
        TimeProvider timeProvider,
        ILogger logger)
    {
        Id = id;
        Owner = owner;
        ContainerId = container.Id;
        ContainerName = container.DisplayName;
        Command = command;
        _process = process;
        _scrollback = new ScrollbackBuffer(options.ScrollbackBytes);
        _queueCapacity = options.OutputQueueBytes;
        _timeProvider = timeProvider;
        _logger = logger;
        StartedAt = timeProvider.GetUtcNow();
        _lastActivityTicks = StartedAt.UtcTicks;
        _detachedAt = StartedAt;
    }

    public string Id { get; }

    /// <summary>The user who opened it; only they may reattach.</summary>
    public string Owner { get; }

    public string ContainerId { get; }

    public string ContainerName { get; }

    public string ExecId => _process.ExecId;

    /// <summary>The command line it runs, or null for the container's best shell.</summary>
    public string? Command { get; }

    public DateTimeOffset StartedAt { get; }

    public bool IsAttached
    {
        get
        {
            lock (_gate)
            {
                return _current is not null;
            }
        }
    }

    /// <summary>Since when no browser is attached; null while one is.</summary>
    public DateTimeOffset? DetachedAt
    {
        get
        {
            lock (_gate)
            {
                return _current is null ? _detachedAt : null;
            }
        }
    }

    /// <summary>The last input, output or attach; the idle timeout counts from here.</summary>
    public DateTimeOffset LastActivity => new(Interlocked.Read(ref _lastActivityTicks), TimeSpan.Zero);

    /// <summary>How it ended; null while it runs.</summary>
    public TerminalExit? Exit
    {
        get
        {
            lock (_gate)
            {
                return _exit;
            }
        }
    }

    /// <summary>
    /// Completes when the process ended and all its output was read, just before the attached browser's queue ends
    /// (so a browser that has seen the exit finds the session ended). Never faults.
    /// </summary>
    public Task<TerminalExit> Completion => _completion.Task;

    /// <summary>Output waiting for the attached browser now (diagnostics; bounded by <see cref="OutputQueueCapacity"/>).</summary>
    public int OutputBufferedBytes
    {
        get
        {
            lock (_gate)
            {
                return _current?.Queue.BufferedBytes ?? 0;
            }
        }
    }

    /// <summary>The most output that ever waited for a browser of this session at once; never above <see cref="OutputQueueCapacity"/>.</summary>
    public long PeakOutputBufferedBytes
    {
        get
        {
            lock (_gate)
            {
                return Math.Max(_peakBufferedBytes, _current?.Queue.PeakBufferedBytes ?? 0);
            }
        }
    }

    public int OutputQueueCapacity => _queueCapacity;

    /// <summary>Every byte the terminal printed.</summary>
    public long OutputBytes => Interlocked.Read(ref _outputBytes);

    /// <summary>Scrollback held now (bounded by <c>Terminals:ScrollbackKiB</c>).</summary>
    public int ScrollbackBytes
    {
        get
        {
            lock (_gate)
            {
                return _scrollback.Length;
            }
        }
    }

    /// <summary>
    /// Attaches a browser: the scrollback so far, then live output. A browser already attached is taken over (its
    /// output ends and it is told so). Null once the session ended.
    /// </summary>
    internal TerminalAttachment? Attach()
    {
        TerminalAttachment? previous;
        TerminalAttachment attachment;
        lock (_gate)
        {
            if (_exit is not null || _endReason is not null)
            {
                return null;
            }

            previous = _current;
            attachment = new TerminalAttachment(this, _pump is null ? [] : _scrollback.Snapshot(), _pump is null, _queueCapacity);
            if (previous is not null)
            {
                previous.MarkTakenOver();
                _peakBufferedBytes = Math.Max(_peakBufferedBytes, previous.Queue.PeakBufferedBytes);
            }

            _current = attachment;
            _detachedAt = null;
        }

        previous?.Queue.Complete(discard: true);
        Touch();
        return attachment;
    }

    /// <summary>Starts reading the terminal (after the first attach, so not a byte of the first prompt is missed).</summary>
    internal void Start(TerminalSize? size)
    {
        lock (_gate)
        {
            if (_pump is not null)
            {
                throw new InvalidOperationException("The session was started already.");
            }

            if (_exit is not null)
            {
                // Ended before it started (the container stopped at once); there is nothing to read.
                return;
            }

            _pump = Task.Run(() => PumpAsync(size));
        }
    }

    internal void Detach(TerminalAttachment attachment)
    {
        lock (_gate)
        {
            _peakBufferedBytes = Math.Max(_peakBufferedBytes, attachment.Queue.PeakBufferedBytes);
            if (_current == attachment)
            {
                _current = null;
                _detachedAt = _timeProvider.GetUtcNow();
                LogDetached(_logger, ShortId(Id));
            }
        }

        attachment.Queue.Complete(discard: true);
    }

    internal async Task WriteInputAsync(TerminalAttachment from, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (data.IsEmpty || !IsCurrent(from))
        {
            return;
        }

        Touch();
        try
        {
            await _process.WriteAsync(data, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // The process is ending; its exit reaches the browser through the output.
            LogInputLost(_logger, ShortId(Id), ex.Message);
        }
    }

    internal async Task ResizeAsync(TerminalAttachment from, TerminalSize size, CancellationToken cancellationToken)
    {
        if (!size.IsValid || !IsCurrent(from))
        {
            return;
        }

        try
        {
            await _process.ResizeAsync(size, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogResizeFailed(_logger, ShortId(Id), ex.GetBaseException().Message);
        }
    }

    internal Task CloseFromAsync(TerminalAttachment from) =>
        IsCurrent(from) ? EndAsync(TerminalEndReason.Closed) : Task.CompletedTask;

    /// <summary>
    /// Ends the process (hang-up, then kill) and completes when the session ended. The first reason given is the
    /// one recorded; calling it again, or after the process ended by itself, changes nothing.
    /// </summary>
    public Task EndAsync(TerminalEndReason reason)
    {
        lock (_gate)
        {
            if (_exit is not null)
            {
                return Task.CompletedTask;
            }

            _endReason ??= reason;
            // Not under the lock: ending talks to Docker.
            _ending ??= Task.Run(EndCoreAsync);
            return _ending;
        }
    }

    private bool IsCurrent(TerminalAttachment attachment)
    {
        lock (_gate)
        {
            return _current == attachment && _exit is null;
        }
    }

    private void Touch() => Interlocked.Exchange(ref _lastActivityTicks, _timeProvider.GetUtcNow().UtcTicks);

    private async Task EndCoreAsync()
    {
        LogEnding(_logger, ShortId(Id), _endReason.ToString()!);
        bool started;
        lock (_gate)
        {
            started = _pump is not null;
        }

        if (!started)
        {
            // Never started: nothing reads the process, so end it here.
            Finish(exitCode: null);
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TerminateTimeout);
            await _process.TerminateAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            LogTerminateFailed(_logger, ShortId(Id), ex.GetBaseException().Message);
        }

        // Once the process is gone the pump reads the rest of its output and finishes. When it could not be
        // signalled, or a browser stopped reading, closing the stream is what ends the pump.
        try
        {
            await _completion.Task.WaitAsync(PumpDrainTimeout, _timeProvider).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            await _abort.CancelAsync().ConfigureAwait(false);
            _process.Dispose();
            await _completion.Task.ConfigureAwait(false);
        }
    }

    private async Task PumpAsync(TerminalSize? size)
    {
        var initialSize = size is { IsValid: true } known ? ApplyInitialSizeAsync(known) : Task.CompletedTask;
        var buffer = new byte[Math.Min(ReadChunkBytes, _queueCapacity)];
        var broken = false;
        try
        {
            while (true)
            {
                var count = await _process.ReadAsync(buffer, _abort.Token).ConfigureAwait(false);
                if (count == 0)
                {
                    break;
                }

                TerminalAttachment? target;
                lock (_gate)
                {
                    _scrollback.Append(buffer.AsSpan(0, count));
                    target = _current;
                }

                Interlocked.Add(ref _outputBytes, count);
                Touch();
                if (target is not null)
                {
                    // Waits while the browser is behind: this is the flow control. False when it left meanwhile.
                    await target.Queue.WriteAsync(buffer.AsMemory(0, count), _abort.Token).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // The stream broke under the process (engine restart, stream closed): it cannot be used any more.
            broken = _endReason is null;
            LogStreamBroke(_logger, ShortId(Id), ex.GetBaseException().Message);
        }

        await initialSize.ConfigureAwait(false);
        if (broken)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TerminateTimeout);
                await _process.TerminateAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                LogTerminateFailed(_logger, ShortId(Id), ex.GetBaseException().Message);
            }
        }

        long? exitCode = null;
        try
        {
            using var timeout = new CancellationTokenSource(TerminateTimeout);
            exitCode = await _process.GetExitCodeAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            LogExitCodeUnknown(_logger, ShortId(Id), ex.GetBaseException().Message);
        }

        Finish(exitCode);
    }

    private void Finish(long? exitCode)
    {
        TerminalExit exit;
        TerminalAttachment? last;
        lock (_gate)
        {
            if (_exit is not null)
            {
                return;
            }

            exit = new TerminalExit(exitCode, _endReason ?? TerminalEndReason.Exited);
            _exit = exit;
            last = _current;
            _current = null;
            _detachedAt ??= _timeProvider.GetUtcNow();
            if (last is not null)
            {
                _peakBufferedBytes = Math.Max(_peakBufferedBytes, last.Queue.PeakBufferedBytes);
            }
        }

        try
        {
            _process.Dispose();
        }
        finally
        {
            // Ended before the browser can learn it: once it has seen the exit, nobody finds the session any more.
            _completion.TrySetResult(exit);
            // The attached browser still gets the output in its queue, then learns the exit.
            last?.Queue.Complete(discard: false);
        }
    }

    /// <summary>
    /// Docker has no size at exec creation before API 1.42, so the first size is set right after start. The exec
    /// may not be running yet at that instant; the Docker CLI retries the same way.
    /// </summary>
    private async Task ApplyInitialSizeAsync(TerminalSize size)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await _process.ResizeAsync(size, _abort.Token).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception ex) when (attempt < 10)
            {
                LogResizeRetry(_logger, ShortId(Id), ex.GetBaseException().Message);
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(10 * attempt), _timeProvider, _abort.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            catch (Exception ex)
            {
                LogResizeFailed(_logger, ShortId(Id), ex.GetBaseException().Message);
                return;
            }
        }
    }

    private static string ShortId(string id) => id.Length > 12 ? id[..12] : id;

    [LoggerMessage(Level = LogLevel.Debug, Message = "Terminal {SessionId} detached; it waits for the grace period")]
    private static partial void LogDetached(ILogger logger, string sessionId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Terminal {SessionId} ending: {Reason}")]
    private static partial void LogEnding(ILogger logger, string sessionId, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Terminal {SessionId} lost input: {Error}")]
    private static partial void LogInputLost(ILogger logger, string sessionId, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Terminal {SessionId} initial resize retried: {Error}")]
    private static partial void LogResizeRetry(ILogger logger, string sessionId, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Terminal {SessionId} resize failed: {Error}")]
    private static partial void LogResizeFailed(ILogger logger, string sessionId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Terminal {SessionId} stream broke: {Error}")]
    private static partial void LogStreamBroke(ILogger logger, string sessionId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Terminal {SessionId} could not be ended cleanly: {Error}")]
    private static partial void LogTerminateFailed(ILogger logger, string sessionId, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Terminal {SessionId} exit code unknown: {Error}")]
    private static partial void LogExitCodeUnknown(ILogger logger, string sessionId, string error);
}
