using Docker.DotNet.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Engine.Common;
using Portal.Engine.Docker;

namespace Portal.Engine.Engine;

/// <summary>
/// Polls the engine on <see cref="DockerOptions.HealthCheckInterval"/>. A portal started while dockerd is down
/// keeps running and reports it; the status recovers by itself when the engine comes back.
/// </summary>
internal sealed partial class EngineStatusMonitor : BackgroundService, IEngineStatusMonitor
{
    private readonly DockerConnection _connection;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<EngineStatusMonitor> _logger;
    private readonly TimeSpan _interval;
    private readonly TimeSpan _checkTimeout;
    private readonly LatestValueBroadcaster<EngineStatus> _broadcaster;

    public EngineStatusMonitor(DockerConnection connection, IOptions<DockerOptions> options, TimeProvider timeProvider, ILogger<EngineStatusMonitor> logger)
    {
        _connection = connection;
        _timeProvider = timeProvider;
        _logger = logger;
        _interval = options.Value.HealthCheckInterval;
        _checkTimeout = TimeSpan.FromSeconds(Math.Clamp(options.Value.HealthCheckInterval.TotalSeconds, 2, 10));
        _broadcaster = new LatestValueBroadcaster<EngineStatus>(EngineStatus.Unknown(timeProvider.GetUtcNow()));
    }

    public EngineStatus Current => _broadcaster.Current;

    public IAsyncEnumerable<EngineStatus> WatchAsync(CancellationToken cancellationToken) => _broadcaster.WatchAsync(cancellationToken);

    public async Task<EngineStatus> CheckNowAsync(CancellationToken cancellationToken)
    {
        var previous = _broadcaster.Current;
        var status = await ReadStatusAsync(cancellationToken).ConfigureAwait(false);
        if (previous.IsReachable != status.IsReachable || previous.IsUnknown)
        {
            if (status.IsReachable)
            {
                LogReachable(_logger, _connection.Endpoint, status.Version, status.ApiVersion);
            }
            else
            {
                LogUnreachable(_logger, _connection.Endpoint, status.Error);
            }
        }

        _broadcaster.Publish(status);
        return status;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_interval, _timeProvider);
        do
        {
            await CheckNowAsync(stoppingToken).ConfigureAwait(false);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private async Task<EngineStatus> ReadStatusAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_checkTimeout);
        try
        {
            var client = _connection.Client;
            VersionResponse version = await client.System.GetVersionAsync(timeout.Token).ConfigureAwait(false);
            SystemInfoResponse info = await client.System.GetSystemInfoAsync(timeout.Token).ConfigureAwait(false);
            return new EngineStatus
            {
                IsReachable = true,
                CheckedAt = _timeProvider.GetUtcNow(),
                Version = version.Version,
                ApiVersion = version.APIVersion,
                OperatingSystem = info.OperatingSystem,
                KernelVersion = version.KernelVersion,
                Containers = (int)info.Containers,
                ContainersRunning = (int)info.ContainersRunning,
                ContainersStopped = (int)info.ContainersStopped,
                Images = (int)info.Images,
                StorageDriver = info.Driver,
                CpuCount = (int)info.NCPU,
                MemoryBytes = info.MemTotal,
                DockerRootDir = info.DockerRootDir,
                Runtimes = info.Runtimes?.Keys.Order(StringComparer.Ordinal).ToList() ?? [],
            };
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new EngineStatus
            {
                IsReachable = false,
                CheckedAt = _timeProvider.GetUtcNow(),
                Error = DescribeFailure(ex),
            };
        }
    }

    private string DescribeFailure(Exception ex) => ex switch
    {
        OperationCanceledException or TimeoutException => $"The Docker engine at {_connection.Endpoint} did not answer within {_checkTimeout.TotalSeconds:0} s.",
        _ when ex.GetBaseException() is System.Net.Sockets.SocketException socket =>
            $"Cannot connect to the Docker engine at {_connection.Endpoint} ({socket.SocketErrorCode}). Is dockerd running? Start it with scripts/start-docker.sh.",
        _ => $"The Docker engine at {_connection.Endpoint} failed: {ex.GetBaseException().Message}",
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Docker engine at {Endpoint} is reachable: version {Version}, API {ApiVersion}")]
    private static partial void LogReachable(ILogger logger, Uri endpoint, string? version, string? apiVersion);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Docker engine at {Endpoint} is unreachable: {Error}")]
    private static partial void LogUnreachable(ILogger logger, Uri endpoint, string? error);
}
