using System.Collections.Immutable;
using System.Threading.Channels;
using Docker.DotNet.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Portal.Engine.Common;
using Portal.Engine.Docker;
using Portal.Engine.Gpus;

namespace Portal.Engine.Containers;

internal sealed partial class ContainerStateCache : BackgroundService, IContainerStateCache
{
    private static readonly HashSet<string> StoppedActions = ["die", "stop", "kill", "oom", "destroy"];
    private readonly DockerConnection _connection;
    private readonly IContainerOperations _containers;
    private readonly IGpuAllocator _allocator;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<ContainerStateCache> _logger;
    private readonly LatestValueBroadcaster<ContainerStateSnapshot> _broadcaster;
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private long _version;
    // The pump of the current connection. Refreshes go through it, so a refresh read before an event can never
    // be applied after that event (a container that exits at once would otherwise show as running).
    private volatile Channel<object>? _work;

    public ContainerStateCache(DockerConnection connection, IContainerOperations containers, IGpuAllocator allocator, TimeProvider timeProvider, ILogger<ContainerStateCache> logger)
    {
        _connection = connection;
        _containers = containers;
        _allocator = allocator;
        _timeProvider = timeProvider;
        _logger = logger;
        _broadcaster = new LatestValueBroadcaster<ContainerStateSnapshot>(ContainerStateSnapshot.Empty(timeProvider.GetUtcNow()));
    }

    public ContainerStateSnapshot Current => _broadcaster.Current;

    public IAsyncEnumerable<ContainerStateSnapshot> WatchAsync(CancellationToken cancellationToken) => _broadcaster.WatchAsync(cancellationToken);

    public Task WaitUntilConnectedAsync(CancellationToken cancellationToken) => _connected.Task.WaitAsync(cancellationToken);

    public async Task RefreshAsync(string containerId, CancellationToken cancellationToken)
    {
        var work = _work;
        var request = new RefreshRequest(containerId);
        if (work is not null && work.Writer.TryWrite(request))
        {
            await request.Done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        Apply(containerId, await _containers.GetAsync(containerId, cancellationToken).ConfigureAwait(false));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await FollowEngineAsync(stoppingToken).ConfigureAwait(false);
                backoff = TimeSpan.FromSeconds(1);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogDisconnected(_logger, ex.GetBaseException().Message);
                PublishConnection(false, "The Docker engine's event stream broke: " + ex.GetBaseException().Message);
            }

            await Task.Delay(backoff, _timeProvider, stoppingToken).ConfigureAwait(false);
            backoff = TimeSpan.FromSeconds(Math.Min(backoff.TotalSeconds * 2, 10));
        }
    }

    private async Task FollowEngineAsync(CancellationToken stoppingToken)
    {
        using var streamCts = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var events = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
        // Subscribe before listing, so no change between the list and the subscription is lost.
        var monitor = _connection.Client.System.MonitorEventsAsync(
            new ContainerEventsParameters
            {
                Filters = new Dictionary<string, IDictionary<string, bool>> { ["type"] = new Dictionary<string, bool> { ["container"] = true } },
            },
            new ChannelProgress<object>(events.Writer),
            streamCts.Token);
        var ended = monitor.ContinueWith(_ => events.Writer.TryComplete(), TaskScheduler.Default);

        var all = await _containers.ListAsync(null, stoppingToken).ConfigureAwait(false);
        lock (_gate)
        {
            Publish(all.ToImmutableDictionary(c => c.Id), true, null);
        }

        await ReconcileLeasesAsync(all, stoppingToken).ConfigureAwait(false);
        _work = events;
        _connected.TrySetResult();
        LogConnected(_logger, all.Count);

        try
        {
            await foreach (var item in events.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                switch (item)
                {
                    case Message message:
                        await HandleAsync(message, stoppingToken).ConfigureAwait(false);
                        break;
                    case RefreshRequest refresh:
                        await RefreshNowAsync(refresh, stoppingToken).ConfigureAwait(false);
                        break;
                }
            }
        }
        finally
        {
            _work = null;
            while (events.Reader.TryRead(out var left))
            {
                (left as RefreshRequest)?.Done.TrySetResult();
            }

            await streamCts.CancelAsync().ConfigureAwait(false);
            await ended.ConfigureAwait(false);
        }

        // The stream ended without an error: the engine went away (restart). Surface it and reconnect.
        await monitor.ConfigureAwait(false);
        throw new IOException("the engine closed the event stream");
    }

    private async Task HandleAsync(Message message, CancellationToken cancellationToken)
    {
        var action = message.Action ?? string.Empty;
        var id = message.Actor?.ID;
        LogEvent(_logger, action, id);
        // Terminals and health checks create exec events all the time; they change nothing the cache shows.
        if (string.IsNullOrEmpty(id) || action.StartsWith("exec_", StringComparison.Ordinal) || action is "top" or "resize" or "attach" or "detach" or "archive-path" or "extract-to-dir")
        {
            return;
        }

        ContainerSummary? summary = null;
        if (action != "destroy")
        {
            try
            {
                summary = await _containers.GetAsync(id, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogRefreshFailed(_logger, id, ex.GetBaseException().Message);
                return;
            }
        }

        var previous = Apply(id, summary);
        var known = summary ?? previous;
        if (known is not { IsManaged: true, PortalId: { } portalId })
        {
            return;
        }

        if (StoppedActions.Contains(action) && summary is not { IsRunning: true })
        {
            await _allocator.ReleaseAsync(portalId, cancellationToken).ConfigureAwait(false);
        }
        else if (action == "start" && known.GpuDeviceIds.Count > 0)
        {
            // Started outside the portal (docker start, a restart policy): it still holds its devices.
            var lease = await _allocator.LeaseDevicesAsync(known.Owner ?? "unknown", portalId, known.DisplayName, known.GpuDeviceIds, cancellationToken).ConfigureAwait(false);
            if (!lease.Succeeded)
            {
                LogLeaseConflict(_logger, known.Name, lease.Error);
            }
        }
    }

    private async Task RefreshNowAsync(RefreshRequest refresh, CancellationToken cancellationToken)
    {
        try
        {
            Apply(refresh.ContainerId, await _containers.GetAsync(refresh.ContainerId, cancellationToken).ConfigureAwait(false));
            refresh.Done.TrySetResult();
        }
        catch (Exception ex)
        {
            refresh.Done.TrySetException(ex);
        }
    }

    private ContainerSummary? Apply(string id, ContainerSummary? summary)
    {
        lock (_gate)
        {
            var containers = Current.Containers;
            var key = summary?.Id ?? containers.Keys.FirstOrDefault(k => k.StartsWith(id, StringComparison.Ordinal)) ?? id;
            containers.TryGetValue(key, out var previous);
            Publish(summary is null ? containers.Remove(key) : containers.SetItem(key, summary), Current.IsConnected, Current.Error);
            return previous;
        }
    }

    private void PublishConnection(bool connected, string? error)
    {
        lock (_gate)
        {
            Publish(Current.Containers, connected, error);
        }
    }

    private void Publish(ImmutableDictionary<string, ContainerSummary> containers, bool connected, string? error) =>
        _broadcaster.Publish(new ContainerStateSnapshot(containers, connected, error, _timeProvider.GetUtcNow(), Interlocked.Increment(ref _version)));

    private async Task ReconcileLeasesAsync(IReadOnlyList<ContainerSummary> all, CancellationToken cancellationToken)
    {
        var running = all
            .Where(c => c is { IsManaged: true, IsRunning: true, PortalId: not null } && c.GpuDeviceIds.Count > 0)
            .Select(c => new RunningGpuContainer(c.PortalId!, c.Id, c.Owner ?? "unknown", c.DisplayName, c.GpuDeviceIds))
            .ToList();
        await _allocator.ReconcileAsync(running, cancellationToken).ConfigureAwait(false);
    }

    private sealed record RefreshRequest(string ContainerId)
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Docker event {Action} for {ContainerId}")]
    private static partial void LogEvent(ILogger logger, string action, string? containerId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Following the Docker engine's events; {Count} containers")]
    private static partial void LogConnected(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the Docker engine's event stream: {Error}; reconnecting")]
    private static partial void LogDisconnected(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read container {ContainerId} after an event: {Error}")]
    private static partial void LogRefreshFailed(ILogger logger, string containerId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Container {ContainerName} was started outside the portal but its GPUs are taken: {Error}")]
    private static partial void LogLeaseConflict(ILogger logger, string containerName, string? error);
}
