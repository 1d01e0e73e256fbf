using System.Runtime.CompilerServices;
using Docker.DotNet;
using IContainerOperations = Portal.Engine.Containers.IContainerOperations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Engine.Containers;

namespace Portal.Engine.Logs;

/// <summary>
/// <see cref="IContainerLogs"/>: one <see cref="ContainerLogFollower"/> per followed container, shared by all its
/// viewers. The first viewer starts it; it stops <c>Logs:LingerSeconds</c> after the last one leaves, so a page
/// reload reuses the stream instead of reopening it and reading the backlog again.
/// </summary>
internal sealed partial class LogFanout : IContainerLogs, IAsyncDisposable
{
    private readonly ContainerLogStreams _streams;
    private readonly IContainerOperations _containers;
    private readonly IContainerStateCache _cache;
    private readonly LogOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<LogFanout> _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Subscription> _followed = new(StringComparer.Ordinal);
    private readonly HashSet<ContainerLogFollower> _running = [];
    private bool _disposed;

    public LogFanout(
        ContainerLogStreams streams,
        IContainerOperations containers,
        IContainerStateCache cache,
        IOptions<LogOptions> options,
        TimeProvider timeProvider,
        ILogger<LogFanout> logger)
    {
        _streams = streams;
        _containers = containers;
        _cache = cache;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Docker log streams open now (followers not yet stopped): a diagnostic for tests and benchmarks.</summary>
    public int ActiveFollowers
    {
        get
        {
            lock (_gate)
            {
                return _running.Count;
            }
        }
    }

    public async IAsyncEnumerable<LogBatch> FollowAsync(string containerId, int tail, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(containerId);
        var subscription = Join(containerId);
        var viewer = new LogViewerQueue(_options.ViewerQueueLines);
        try
        {
            if (!await WaitForBacklogAsync(subscription.Follower, cancellationToken).ConfigureAwait(false))
            {
                yield break;
            }

            yield return new LogBatch(subscription.Follower.Attach(viewer, Math.Clamp(tail, 0, _options.BufferLines)), 0);
            while (await viewer.ReadBatchAsync(cancellationToken).ConfigureAwait(false) is { } batch)
            {
                yield return batch;
            }
        }
        finally
        {
            subscription.Follower.Detach(viewer);
            Leave(subscription);
        }
    }

    public IReadOnlyList<LogLine> Search(string containerId, string text, int limit)
    {
        ArgumentNullException.ThrowIfNull(text);
        Subscription? subscription;
        lock (_gate)
        {
            _followed.TryGetValue(containerId, out subscription);
        }

        return subscription is null || limit <= 0 ? [] : subscription.Follower.Search(text, limit);
    }

    public async IAsyncEnumerable<LogLine> ReadAllAsync(string containerId, int? tail, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(containerId);
        using var stream = await OpenOrNullAsync(containerId, tail is { } count ? Math.Max(0, count) : null, cancellationToken).ConfigureAwait(false);
        if (stream is null)
        {
            yield break;
        }

        using var closeOnCancel = cancellationToken.Register(static state => ((MultiplexedStream)state!).Dispose(), stream);
        var decoder = new LogStreamDecoder(_options.MaxLineLength, _timeProvider.GetUtcNow);
        var sequence = 0L;
        await foreach (var lines in DockerLogReader.ReadAsync(stream, decoder, cancellationToken).ConfigureAwait(false))
        {
            foreach (var line in lines)
            {
                yield return line with { Sequence = ++sequence };
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        List<ContainerLogFollower> running;
        lock (_gate)
        {
            _disposed = true;
            running = [.. _running];
            foreach (var subscription in _followed.Values)
            {
                subscription.Linger?.Dispose();
            }

            _followed.Clear();
        }

        foreach (var follower in running)
        {
            follower.Stop();
        }

        await Task.WhenAll(running.Select(f => f.Completion)).ConfigureAwait(false);
    }

    private Subscription Join(string containerId)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_followed.TryGetValue(containerId, out var subscription))
            {
                var follower = new ContainerLogFollower(containerId, _streams, _containers, _cache, _options, _timeProvider, _logger, OnStopped);
                subscription = new Subscription(follower);
                _followed[containerId] = subscription;
                _running.Add(follower);
                follower.Start();
                LogFollowing(_logger, ShortId(containerId));
            }

            subscription.Viewers++;
            subscription.Linger?.Dispose();
            subscription.Linger = null;
            return subscription;
        }
    }

    private void Leave(Subscription subscription)
    {
        lock (_gate)
        {
            subscription.Viewers--;
            if (subscription.Viewers > 0 || !IsCurrent(subscription))
            {
                return;
            }

            if (_options.Linger > TimeSpan.Zero)
            {
                subscription.Linger = _timeProvider.CreateTimer(_ => StopIfUnwatched(subscription), null, _options.Linger, Timeout.InfiniteTimeSpan);
                return;
            }

            Forget(subscription);
        }

        Stop(subscription);
    }

    private void StopIfUnwatched(Subscription subscription)
    {
        lock (_gate)
        {
            if (subscription.Viewers > 0 || !IsCurrent(subscription))
            {
                return;
            }

            Forget(subscription);
        }

        Stop(subscription);
    }

    /// <summary>Takes the subscription out of the map (under the lock), so no new viewer can join a stopping follower.</summary>
    private void Forget(Subscription subscription)
    {
        subscription.Linger?.Dispose();
        subscription.Linger = null;
        _followed.Remove(subscription.Follower.ContainerId);
    }

    /// <summary>Outside the lock: cancelling may run the follower's clean-up on this thread, and that reports back under the lock.</summary>
    private void Stop(Subscription subscription)
    {
        LogUnwatched(_logger, ShortId(subscription.Follower.ContainerId));
        subscription.Follower.Stop();
    }

    private bool IsCurrent(Subscription subscription) =>
        _followed.TryGetValue(subscription.Follower.ContainerId, out var current) && ReferenceEquals(current, subscription);

    /// <summary>A follower ended (stopped, or its container is gone): new viewers get a fresh one.</summary>
    private void OnStopped(ContainerLogFollower follower)
    {
        lock (_gate)
        {
            _running.Remove(follower);
            if (_followed.TryGetValue(follower.ContainerId, out var subscription) && ReferenceEquals(subscription.Follower, follower))
            {
                subscription.Linger?.Dispose();
                _followed.Remove(follower.ContainerId);
            }
        }
    }

    private static async Task<bool> WaitForBacklogAsync(ContainerLogFollower follower, CancellationToken cancellationToken)
    {
        try
        {
            await follower.WaitForBacklogAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task<MultiplexedStream?> OpenOrNullAsync(string containerId, int? tail, CancellationToken cancellationToken)
    {
        try
        {
            return await _streams.OpenAsync(containerId, follow: false, tail, since: null, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerContainerNotFoundException)
        {
            return null;
        }
    }

    private static string ShortId(string id) => id.Length > 12 ? id[..12] : id;

    [LoggerMessage(Level = LogLevel.Debug, Message = "Following the log of container {ContainerId}")]
    private static partial void LogFollowing(ILogger logger, string containerId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Nobody watches the log of container {ContainerId} any more; closing its stream")]
    private static partial void LogUnwatched(ILogger logger, string containerId);

    /// <summary>A follower and who holds it; changed only under the fan-out's lock.</summary>
    private sealed class Subscription(ContainerLogFollower follower)
    {
        public ContainerLogFollower Follower { get; } = follower;

        public int Viewers { get; set; }

        public ITimer? Linger { get; set; }
    }
}
