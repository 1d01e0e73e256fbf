using Docker.DotNet;
using IContainerOperations = Portal.Engine.Containers.IContainerOperations;
using Microsoft.Extensions.Logging;
using Portal.Engine.Containers;

namespace Portal.Engine.Logs;

/// <summary>
/// The one Docker log stream of one container, shared by all its viewers: it fills a ring buffer of recent lines
/// and copies each new line into every viewer's bounded queue. It first reads the recent backlog (so the first
/// viewer gets a tail like everyone else), then follows; when the container stops it waits for it to run again and
/// resumes where it was, and when the container is removed it tells the viewers and ends.
/// </summary>
internal sealed partial class ContainerLogFollower
{
    internal const string RestartedText = "— container restarted —";

    internal const string StartedText = "— container started —";

    internal const string RemovedText = "— container removed —";

    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(10);

    private readonly string _containerId;
    private readonly ContainerLogStreams _streams;
    private readonly IContainerOperations _containers;
    private readonly IContainerStateCache _cache;
    private readonly LogOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Action<ContainerLogFollower> _stopped;
    private readonly Lock _gate = new();
    private readonly LogRingBuffer _buffer;
    private readonly List<LogViewerQueue> _viewers = [];
    private readonly LogResumePoint _resume = new();
    private readonly TaskCompletionSource _backlogRead = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private long _sequence;
    private bool _ended;

    public ContainerLogFollower(
        string containerId,
        ContainerLogStreams streams,
        IContainerOperations containers,
        IContainerStateCache cache,
        LogOptions options,
        TimeProvider timeProvider,
        ILogger logger,
        Action<ContainerLogFollower> stopped)
    {
        _containerId = containerId;
        _streams = streams;
        _containers = containers;
        _cache = cache;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _stopped = stopped;
        _buffer = new LogRingBuffer(options.BufferLines);
    }

    public string ContainerId => _containerId;

    /// <summary>Completes when the upstream work has ended (stopped, or the container is gone). Never faults.</summary>
    public Task Completion { get; private set; } = Task.CompletedTask;

    public void Start() => Completion = Task.Run(() => RunAsync(_stop.Token));

    /// <summary>Closes the Docker stream and ends every viewer's sequence. (The source is never disposed: a late Stop must not throw.)</summary>
    public void Stop() => _stop.Cancel();

    /// <summary>Completes once the backlog has been read into the buffer (or could not be), so a first viewer gets a real tail.</summary>
    public Task WaitForBacklogAsync(CancellationToken cancellationToken) => _backlogRead.Task.WaitAsync(cancellationToken);

    /// <summary>
    /// Adds a viewer and returns the last <paramref name="tail"/> lines, taken together under the lock so the viewer
    /// sees every line once: those before in the snapshot, those after in its queue.
    /// </summary>
    public IReadOnlyList<LogLine> Attach(LogViewerQueue viewer, int tail)
    {
        lock (_gate)
        {
            var snapshot = _buffer.Tail(tail);
            if (_ended)
            {
                viewer.Complete();
            }
            else
            {
                _viewers.Add(viewer);
            }

            return snapshot;
        }
    }

    public void Detach(LogViewerQueue viewer)
    {
        lock (_gate)
        {
            _viewers.Remove(viewer);
        }
    }

    public IReadOnlyList<LogLine> Search(string text, int limit)
    {
        lock (_gate)
        {
            return _buffer.Search(text, limit);
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            var container = await InspectAsync(cancellationToken).ConfigureAwait(false);
            if (container is null)
            {
                End(null);
                return;
            }

            var id = container.Summary.Id;
            var startedAt = container.StartedAt;
            try
            {
                await ReadAsync(id, follow: false, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsEngineFailure(ex) && !cancellationToken.IsCancellationRequested)
            {
                LogReadFailed(_logger, ShortId(id), ex.GetBaseException().Message);
            }
            finally
            {
                _backlogRead.TrySetResult();
            }

            var failures = 0;
            while (true)
            {
                try
                {
                    await ReadAsync(id, follow: true, cancellationToken).ConfigureAwait(false);
                    var next = await WaitUntilRunningAsync(id, cancellationToken).ConfigureAwait(false);
                    if (next is null)
                    {
                        End(RemovedText);
                        return;
                    }

                    if (next.StartedAt != startedAt)
                    {
                        var text = startedAt is null ? StartedText : RestartedText;
                        startedAt = next.StartedAt;
                        Publish([new LogLine(0, next.StartedAt ?? _timeProvider.GetUtcNow(), LogStreamKind.System, text)]);
                        LogRestarted(_logger, ShortId(id));
                    }
                    else
                    {
                        // The same run goes on but Docker ended the stream (an engine hiccup): do not spin on it.
                        await Task.Delay(TimeSpan.FromSeconds(1), _timeProvider, cancellationToken).ConfigureAwait(false);
                    }

                    failures = 0;
                }
                catch (DockerContainerNotFoundException)
                {
                    End(RemovedText);
                    return;
                }
                catch (Exception ex) when (IsEngineFailure(ex) && !cancellationToken.IsCancellationRequested)
                {
                    failures++;
                    LogReadFailed(_logger, ShortId(id), ex.GetBaseException().Message);
                    await Task.Delay(Backoff(failures), _timeProvider, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped: the last viewer left a while ago, or the portal shuts down.
        }
        catch (Exception ex)
        {
            LogFollowFailed(_logger, ShortId(_containerId), ex);
        }
        finally
        {
            End(null);
            _backlogRead.TrySetResult();
            _stopped(this);
        }
    }

    /// <summary>The container, or null when there is none; waits out an engine that does not answer (its viewers get an empty tail meanwhile).</summary>
    private async Task<ContainerDetails?> InspectAsync(CancellationToken cancellationToken)
    {
        for (var failures = 1; ; failures++)
        {
            try
            {
                return await _containers.InspectAsync(_containerId, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsEngineFailure(ex) && !cancellationToken.IsCancellationRequested)
            {
                LogReadFailed(_logger, ShortId(_containerId), ex.GetBaseException().Message);
                _backlogRead.TrySetResult();
                await Task.Delay(Backoff(failures), _timeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Reads one Docker stream to its end into the buffer and the viewers' queues.</summary>
    private async Task ReadAsync(string id, bool follow, CancellationToken cancellationToken)
    {
        var since = _resume.Resume();
        using var stream = await _streams.OpenAsync(id, follow, since is null ? _options.BufferLines : null, since, cancellationToken).ConfigureAwait(false);
        // A read blocked on the socket may not see the token; disposing the stream ends it.
        using var closeOnStop = cancellationToken.Register(static state => ((MultiplexedStream)state!).Dispose(), stream);
        var decoder = new LogStreamDecoder(_options.MaxLineLength, _timeProvider.GetUtcNow);
        try
        {
            await foreach (var lines in DockerLogReader.ReadAsync(stream, decoder, cancellationToken).ConfigureAwait(false))
            {
                Publish(lines);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException && cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("The log stream was closed.", ex, cancellationToken);
        }
    }

    /// <summary>
    /// After a stream ended: the container's details once it runs (again), or null when it was removed. Waits on the
    /// state cache's events while the container is stopped; asks Docker itself for the final word.
    /// </summary>
    private async Task<ContainerDetails?> WaitUntilRunningAsync(string id, CancellationToken cancellationToken)
    {
        await foreach (var snapshot in _cache.WatchAsync(cancellationToken).ConfigureAwait(false))
        {
            if (snapshot.IsConnected && snapshot.Containers.TryGetValue(id, out var known) && !known.IsRunning)
            {
                continue;
            }

            var details = await _containers.InspectAsync(id, cancellationToken).ConfigureAwait(false);
            if (details is null || details.Summary.IsRunning)
            {
                return details;
            }
        }

        // The watch ends only when the token is cancelled.
        cancellationToken.ThrowIfCancellationRequested();
        return null;
    }

    private void Publish(List<LogLine> lines)
    {
        lock (_gate)
        {
            PublishLocked(lines);
        }
    }

    private void PublishLocked(List<LogLine> lines)
    {
        foreach (var line in lines)
        {
            if (line.Stream != LogStreamKind.System)
            {
                if (_resume.IsRepeat(line))
                {
                    continue;
                }

                _resume.Seen(line);
            }

            var numbered = line with { Sequence = ++_sequence };
            _buffer.Add(numbered);
            foreach (var viewer in _viewers)
            {
                viewer.Write(numbered);
            }
        }
    }

    private void End(string? systemText)
    {
        lock (_gate)
        {
            if (_ended)
            {
                return;
            }

            if (systemText is not null)
            {
                PublishLocked([new LogLine(0, _timeProvider.GetUtcNow(), LogStreamKind.System, systemText)]);
            }

            _ended = true;
            foreach (var viewer in _viewers)
            {
                viewer.Complete();
            }

            _viewers.Clear();
        }
    }

    private static bool IsEngineFailure(Exception ex) =>
        ex is DockerApiException or HttpRequestException or IOException or TimeoutException or ObjectDisposedException;

    private static TimeSpan Backoff(int failures) =>
        TimeSpan.FromSeconds(Math.Min(MaxBackoff.TotalSeconds, Math.Pow(2, Math.Min(failures, 10) - 1)));

    private static string ShortId(string id) => id.Length > 12 ? id[..12] : id;

    [LoggerMessage(Level = LogLevel.Information, Message = "Container {ContainerId} (re)started; its log follows the new run")]
    private static partial void LogRestarted(ILogger logger, string containerId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the log of container {ContainerId} failed: {Error}; retrying")]
    private static partial void LogReadFailed(ILogger logger, string containerId, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Following the log of container {ContainerId} failed")]
    private static partial void LogFollowFailed(ILogger logger, string containerId, Exception exception);
}
