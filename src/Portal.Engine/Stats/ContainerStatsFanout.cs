using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Engine.Docker;

namespace Portal.Engine.Stats;

/// <summary>
/// Shares one <see cref="ContainerStatsFeed"/> per container among its watchers, counting them: the first opens
/// the Docker stream, and the stream closes <see cref="StatsOptions.Linger"/> after the last one left (unless another
/// came back). Every feed change happens under one lock, so a join can never race a closing stream.
/// </summary>
internal sealed class ContainerStatsFanout : IContainerStats, IAsyncDisposable
{
    private readonly DockerConnection _connection;
    private readonly StatsOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<ContainerStatsFanout> _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ContainerStatsFeed> _feeds = new(StringComparer.Ordinal);
    private int _streamsOpened;
    private bool _disposed;

    public ContainerStatsFanout(DockerConnection connection, IOptions<StatsOptions> options, TimeProvider timeProvider, ILogger<ContainerStatsFanout> logger)
    {
        _connection = connection;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Docker stats streams opened since start-up (diagnostics for tests: watchers share one).</summary>
    internal int StreamsOpened => Volatile.Read(ref _streamsOpened);

    /// <summary>Whether the container's Docker stream is open now (diagnostics for tests).</summary>
    internal bool IsFollowing(string containerId)
    {
        lock (_gate)
        {
            return _feeds.TryGetValue(containerId, out var feed) && feed.IsFollowing;
        }
    }

    /// <summary>Watchers of the container now (diagnostics for tests).</summary>
    internal int WatcherCount(string containerId)
    {
        lock (_gate)
        {
            return _feeds.TryGetValue(containerId, out var feed) ? feed.WatcherCount : 0;
        }
    }

    public async IAsyncEnumerable<ContainerStatsUpdate> WatchAsync(string containerId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(containerId);
        var (feed, reader) = Join(containerId);
        try
        {
            while (await WaitToReadAsync(reader, cancellationToken).ConfigureAwait(false))
            {
                while (reader.TryRead(out var update))
                {
                    yield return update;
                }
            }
        }
        finally
        {
            Leave(feed, reader);
        }
    }

    public async Task<ContainerStatsSnapshot> ReadAsync(string containerId, TimeSpan wait, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(containerId);
        var (feed, reader) = Join(containerId);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(wait);
            try
            {
                while (!HasCpuFigureOrNoMore(feed.Snapshot()) && await reader.WaitToReadAsync(timeout.Token).ConfigureAwait(false))
                {
                    while (reader.TryRead(out _))
                    {
                        // Only the feed's own history matters; the updates just say when to look again.
                    }
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Waited long enough: a stopped container sends nothing, and what there is will do.
            }

            return feed.Snapshot();
        }
        finally
        {
            Leave(feed, reader);
        }
    }

    public async ValueTask DisposeAsync()
    {
        List<ContainerStatsFeed> feeds;
        lock (_gate)
        {
            _disposed = true;
            feeds = [.. _feeds.Values];
            _feeds.Clear();
            foreach (var feed in feeds)
            {
                feed.Stop();
            }
        }

        await Task.WhenAll(feeds.Select(f => f.Upstream)).ConfigureAwait(false);
    }

    private (ContainerStatsFeed Feed, ChannelReader<ContainerStatsUpdate> Reader) Join(string containerId)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_feeds.TryGetValue(containerId, out var feed))
            {
                feed = new ContainerStatsFeed(containerId, _connection, _options.History, _timeProvider, _logger);
                _feeds[containerId] = feed;
            }

            feed.CancelLinger();
            var reader = feed.Subscribe();
            if (!feed.IsStarted)
            {
                feed.Start();
                _streamsOpened++;
            }

            return (feed, reader);
        }
    }

    private void Leave(ContainerStatsFeed feed, ChannelReader<ContainerStatsUpdate> reader)
    {
        lock (_gate)
        {
            feed.Unsubscribe(reader);
            if (feed.WatcherCount > 0 || _disposed)
            {
                return;
            }

            if (_options.Linger <= TimeSpan.Zero)
            {
                Close(feed);
            }
            else
            {
                feed.ScheduleLinger(_options.Linger, OnLingerElapsed);
            }
        }
    }

    private void OnLingerElapsed(ContainerStatsFeed feed, int generation)
    {
        lock (_gate)
        {
            // A watcher that came back cancelled the timer (or a later leave replaced it), but it may have fired already.
            if (feed.IsLingerCurrent(generation) && feed.WatcherCount == 0)
            {
                Close(feed);
            }
        }
    }

    private void Close(ContainerStatsFeed feed)
    {
        if (_feeds.TryGetValue(feed.ContainerId, out var current) && current == feed)
        {
            _feeds.Remove(feed.ContainerId);
        }

        feed.Stop();
    }

    private static bool HasCpuFigureOrNoMore(ContainerStatsSnapshot snapshot) =>
        snapshot.Current?.CpuPercent is not null || snapshot.State is ContainerStatsState.Stopped or ContainerStatsState.Ended;

    private static async Task<bool> WaitToReadAsync(ChannelReader<ContainerStatsUpdate> reader, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
