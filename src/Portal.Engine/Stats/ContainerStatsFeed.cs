using System.Threading.Channels;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;
using Portal.Engine.Containers;
using Portal.Engine.Docker;

namespace Portal.Engine.Stats;

/// <summary>
/// One container's Docker stats stream and its watchers: reads the stream once, keeps the recent history and
/// hands every update to each watcher's own bounded channel. <see cref="ContainerStatsFanout"/> decides when it
/// starts and stops, calling <see cref="Start"/>, <see cref="Stop"/> and the linger methods under its own lock; the
/// stream reconnects by itself until the container is gone.
/// </summary>
internal sealed partial class ContainerStatsFeed
{
    /// <summary>Updates waiting for one slow watcher; older ones are dropped (a chart misses a point, memory stays flat).</summary>
    private const int WatcherQueueLength = 32;

    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(10);

    private readonly DockerConnection _connection;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly StatsHistory _history;
    private readonly List<Channel<ContainerStatsUpdate>> _watchers = [];
    // Never disposed: it has no timer or wait handle to release, and Stop may come after the feed ended by itself.
    private readonly CancellationTokenSource _stop = new();
    private ContainerStatsState _state = ContainerStatsState.Waiting;
    private string? _error;
    private Task _upstream = Task.CompletedTask;
    private ITimer? _linger;
    private int _lingerGeneration;

    public ContainerStatsFeed(string containerId, DockerConnection connection, TimeSpan historyWindow, TimeProvider timeProvider, ILogger logger)
    {
        ContainerId = containerId;
        _connection = connection;
        _history = new StatsHistory(historyWindow);
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public string ContainerId { get; }

    public bool IsStarted { get; private set; }

    /// <summary>True while the Docker stream is being read (or reconnected); false before start and after stop or end.</summary>
    public bool IsFollowing => IsStarted && !_upstream.IsCompleted;

    /// <summary>The upstream reader, for shutdown to wait on; it never faults.</summary>
    public Task Upstream => _upstream;

    public int WatcherCount
    {
        get
        {
            lock (_gate)
            {
                return _watchers.Count;
            }
        }
    }

    public ContainerStatsSnapshot Snapshot()
    {
        lock (_gate)
        {
            return new ContainerStatsSnapshot(ContainerId, _state, _error, _history.ToArray());
        }
    }

    /// <summary>A new watcher: its channel starts with the snapshot, and completes when the feed ends.</summary>
    public ChannelReader<ContainerStatsUpdate> Subscribe()
    {
        var channel = Channel.CreateBounded<ContainerStatsUpdate>(new BoundedChannelOptions(WatcherQueueLength)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        lock (_gate)
        {
            channel.Writer.TryWrite(new ContainerStatsUpdate(true, _history.ToArray(), _state, _error));
            if (_state == ContainerStatsState.Ended)
            {
                channel.Writer.TryComplete();
            }
            else
            {
                _watchers.Add(channel);
            }
        }

        return channel.Reader;
    }

    public void Unsubscribe(ChannelReader<ContainerStatsUpdate> reader)
    {
        lock (_gate)
        {
            _watchers.RemoveAll(channel => channel.Reader == reader);
        }
    }

    /// <summary>Opens the Docker stream. Called once, by the first watcher.</summary>
    public void Start()
    {
        IsStarted = true;
        _upstream = Task.Run(() => FollowAsync(_stop.Token));
    }

    /// <summary>
    /// Calls <paramref name="elapsed"/> with this feed and the schedule's generation after <paramref name="delay"/>.
    /// A callback that fires while a later schedule replaces it sees <see cref="IsLingerCurrent"/> false.
    /// </summary>
    public void ScheduleLinger(TimeSpan delay, Action<ContainerStatsFeed, int> elapsed)
    {
        _linger?.Dispose();
        var generation = ++_lingerGeneration;
        _linger = _timeProvider.CreateTimer(_ => elapsed(this, generation), null, delay, Timeout.InfiniteTimeSpan);
    }

    public bool IsLingerCurrent(int generation) => _linger is not null && generation == _lingerGeneration;

    public void CancelLinger()
    {
        _linger?.Dispose();
        _linger = null;
    }

    /// <summary>Closes the Docker stream without waiting; <see cref="Upstream"/> completes soon after.</summary>
    public void Stop()
    {
        CancelLinger();
        _stop.Cancel();
    }

    private async Task FollowAsync(CancellationToken cancellationToken)
    {
        var backoff = TimeSpan.FromSeconds(1);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await ReadStreamAsync(cancellationToken).ConfigureAwait(false);
                // Docker closes the stream when the container is removed, and when the engine shuts down.
                if (!await ExistsAsync(cancellationToken).ConfigureAwait(false))
                {
                    End(null);
                    return;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (DockerContainerNotFoundException)
            {
                End(null);
                return;
            }
            catch (Exception ex)
            {
                var message = ex.GetBaseException().Message;
                LogStreamFailed(_logger, ShortId, message);
                PublishState(ContainerStatsState.Waiting, $"Docker's stats stream broke ({message}); reconnecting.");
            }

            try
            {
                await Task.Delay(backoff, _timeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
        }
    }

    private async Task ReadStreamAsync(CancellationToken cancellationToken)
    {
        var frames = Channel.CreateBounded<ContainerStatsResponse>(new BoundedChannelOptions(16)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        using var streamCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var stream = _connection.Client.Containers.GetContainerStatsAsync(
            ContainerId,
            new ContainerStatsParameters { Stream = true },
            new ChannelProgress<ContainerStatsResponse>(frames.Writer),
            streamCts.Token);
        var closed = stream.ContinueWith(_ => frames.Writer.TryComplete(), TaskScheduler.Default);
        LogStreamOpened(_logger, ShortId);
        try
        {
            await foreach (var frame in frames.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                Apply(frame);
            }
        }
        finally
        {
            await streamCts.CancelAsync().ConfigureAwait(false);
            await closed.ConfigureAwait(false);
        }

        // Rethrows what broke the stream; returns when Docker closed it.
        await stream.ConfigureAwait(false);
    }

    private async Task<bool> ExistsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _connection.Client.Containers.InspectContainerAsync(ContainerId, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (DockerContainerNotFoundException)
        {
            return false;
        }
    }

    private void Apply(ContainerStatsResponse frame)
    {
        lock (_gate)
        {
            if (!DockerStatsCalculator.IsLive(frame))
            {
                SetState(ContainerStatsState.Stopped, null);
                return;
            }

            // Rates only against a sample of the same run: after a stop the counters start again.
            var previous = _state == ContainerStatsState.Running ? _history.Latest : null;
            var sample = DockerStatsCalculator.ToSample(frame, previous);
            _history.Add(sample);
            _state = ContainerStatsState.Running;
            _error = null;
            Broadcast(new ContainerStatsUpdate(false, [sample], _state, null));
        }
    }

    private void PublishState(ContainerStatsState state, string? error)
    {
        lock (_gate)
        {
            SetState(state, error);
        }
    }

    private void End(string? error)
    {
        LogStreamEnded(_logger, ShortId);
        lock (_gate)
        {
            SetState(ContainerStatsState.Ended, error ?? "The container is gone.");
            foreach (var watcher in _watchers)
            {
                watcher.Writer.TryComplete();
            }

            _watchers.Clear();
        }
    }

    private void SetState(ContainerStatsState state, string? error)
    {
        if (_state == state && _error == error)
        {
            return;
        }

        _state = state;
        _error = error;
        Broadcast(new ContainerStatsUpdate(false, [], state, error));
    }

    private void Broadcast(ContainerStatsUpdate update)
    {
        foreach (var watcher in _watchers)
        {
            watcher.Writer.TryWrite(update);
        }
    }

    private string ShortId => ContainerId.Length > 12 ? ContainerId[..12] : ContainerId;

    [LoggerMessage(Level = LogLevel.Debug, Message = "Opened the stats stream of container {ContainerId}")]
    private static partial void LogStreamOpened(ILogger logger, string containerId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "The stats stream of container {ContainerId} ended: the container is gone")]
    private static partial void LogStreamEnded(ILogger logger, string containerId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The stats stream of container {ContainerId} broke: {Error}; reconnecting")]
    private static partial void LogStreamFailed(ILogger logger, string containerId, string error);
}
