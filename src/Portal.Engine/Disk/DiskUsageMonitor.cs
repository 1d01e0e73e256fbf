using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Engine.Common;
using Portal.Engine.Containers;

namespace Portal.Engine.Disk;

/// <summary>
/// Runs accounting passes one at a time in the background: at start, every <see cref="DiskOptions.Refresh"/>, after a
/// burst of container creations or removals has been quiet for <see cref="DiskOptions.EventDebounce"/>, and when asked.
/// Requests while a pass is pending coalesce into it. A failed pass keeps the previous figures and says why.
/// </summary>
internal sealed partial class DiskUsageMonitor : BackgroundService, IDiskUsage
{
    /// <summary>After a failure (the engine down), try again sooner than the interval, but not in a tight loop.</summary>
    private static readonly TimeSpan FailureRetry = TimeSpan.FromMinutes(1);

    private readonly IDiskUsageScanner _scanner;
    private readonly IContainerStateCache _containers;
    private readonly DiskOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<DiskUsageMonitor> _logger;
    private readonly LatestValueBroadcaster<DiskUsageSnapshot> _broadcaster = new(DiskUsageSnapshot.Initial);
    private readonly Lock _gate = new();

    // Capacity one: any number of requests before the next pass starts are that one pass.
    private readonly Channel<bool> _requests = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Channel<bool> _containerChanges = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private long _startedPasses;

    public DiskUsageMonitor(IDiskUsageScanner scanner, IContainerStateCache containers, IOptions<DiskOptions> options, TimeProvider timeProvider, ILogger<DiskUsageMonitor> logger)
    {
        _scanner = scanner;
        _containers = containers;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public DiskUsageSnapshot Current => _broadcaster.Current;

    public IAsyncEnumerable<DiskUsageSnapshot> WatchAsync(CancellationToken cancellationToken) => _broadcaster.WatchAsync(cancellationToken);

    public void RequestRefresh()
    {
        _requests.Writer.TryWrite(true);
        lock (_gate)
        {
            if (!_broadcaster.Current.IsRefreshing)
            {
                _broadcaster.Publish(_broadcaster.Current with { IsRefreshing = true });
            }
        }
    }

    public async Task<DiskUsageSnapshot> RefreshAsync(CancellationToken cancellationToken)
    {
        // Only a pass that starts after this call can see what the caller just changed.
        var startedBefore = Interlocked.Read(ref _startedPasses);
        var requested = false;
        await foreach (var snapshot in _broadcaster.WatchAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!requested)
            {
                // Subscribed first, so the pass's end cannot slip by between the request and the watch.
                RequestRefresh();
                requested = true;
            }

            if (snapshot.CompletedPasses > startedBefore)
            {
                return snapshot;
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        throw new InvalidOperationException("The disk usage watch ended before a pass did.");
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(RunPassesAsync(stoppingToken), FollowContainersAsync(stoppingToken), DebounceContainerChangesAsync(stoppingToken));

    private async Task RunPassesAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var succeeded = await RunPassAsync(cancellationToken).ConfigureAwait(false);
                await WaitForNextPassAsync(succeeded ? _options.Refresh : Min(_options.Refresh, FailureRetry), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The portal stops.
        }
    }

    private async Task WaitForNextPassAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(interval, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await _requests.Reader.WaitToReadAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The interval is over.
        }
    }

    private async Task<bool> RunPassAsync(CancellationToken cancellationToken)
    {
        _requests.Reader.TryRead(out _);
        var number = Interlocked.Increment(ref _startedPasses);
        var startedAt = _timeProvider.GetUtcNow();
        Update(s => s with { IsRefreshing = true, RefreshStartedAt = startedAt });
        var clock = Stopwatch.StartNew();
        using var timeout = new CancellationTokenSource(_options.ScanTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            var figures = await _scanner.MeasureAsync(linked.Token).ConfigureAwait(false);
            var duration = clock.Elapsed;
            Finish(s => s with
            {
                Figures = figures,
                MeasuredAt = _timeProvider.GetUtcNow(),
                LastPassDuration = duration,
                CompletedPasses = number,
                Error = null,
            });
            LogPassDone(_logger, number, duration.TotalMilliseconds, figures.Users.Count);
            return true;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            var error = timeout.IsCancellationRequested
                ? $"The disk usage scan took longer than {_options.ScanTimeoutMinutes:0.##} minutes (Disk:ScanTimeoutMinutes) and was abandoned."
                : "The disk usage scan failed: " + ex.GetBaseException().Message;
            Finish(s => s with { CompletedPasses = number, Error = error });
            LogPassFailed(_logger, number, error);
            return false;
        }
    }

    /// <summary>Ends a pass; still refreshing when another request came in meanwhile (it runs next).</summary>
    private void Finish(Func<DiskUsageSnapshot, DiskUsageSnapshot> change) =>
        Update(s => change(s) with { IsRefreshing = _requests.Reader.Count > 0, RefreshStartedAt = null });

    private void Update(Func<DiskUsageSnapshot, DiskUsageSnapshot> change)
    {
        lock (_gate)
        {
            _broadcaster.Publish(change(_broadcaster.Current));
        }
    }

    /// <summary>Creating or removing a container changes what users hold; starting or stopping one does not.</summary>
    private async Task FollowContainersAsync(CancellationToken cancellationToken)
    {
        HashSet<string>? known = null;
        await foreach (var snapshot in _containers.WatchAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!snapshot.IsConnected)
            {
                continue;
            }

            var ids = snapshot.Containers.Keys.ToHashSet(StringComparer.Ordinal);
            if (known is not null && !known.SetEquals(ids))
            {
                _containerChanges.Writer.TryWrite(true);
            }

            known = ids;
        }
    }

    private async Task DebounceContainerChangesAsync(CancellationToken cancellationToken)
    {
        try
        {
            var changes = _containerChanges.Reader;
            while (await changes.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                // Wait until the burst is over: a pass per launch in a burst of launches helps no one.
                do
                {
                    changes.TryRead(out _);
                    await Task.Delay(_options.EventDebounce, _timeProvider, cancellationToken).ConfigureAwait(false);
                }
                while (changes.TryPeek(out _));

                RequestRefresh();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The portal stops.
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    [LoggerMessage(Level = LogLevel.Information, Message = "Disk accounting pass {Pass} took {DurationMs:0} ms for {Users} users")]
    private static partial void LogPassDone(ILogger logger, long pass, double durationMs, int users);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Disk accounting pass {Pass} failed: {Error}")]
    private static partial void LogPassFailed(ILogger logger, long pass, string error);
}
