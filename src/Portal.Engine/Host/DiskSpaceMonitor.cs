using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Portal.Engine.Common;
using Portal.Engine.Engine;
using Portal.Engine.Launch;
using Portal.Engine.Stats;

namespace Portal.Engine.Host;

/// <summary>
/// Reads the disks of Docker's root folder (as the engine reports it) and of <see cref="LaunchOptions.WorkspaceRoot"/>
/// on <see cref="StatsOptions.DiskRefresh"/>, and at once when the engine first names its root folder. The paths are
/// the host's, so the figures are right where the portal runs on the Docker host; elsewhere the reading says so.
/// </summary>
internal sealed class DiskSpaceMonitor : BackgroundService, IDiskSpaceMonitor
{
    private readonly IEngineStatusMonitor _engine;
    private readonly LaunchOptions _launch;
    private readonly StatsOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly Lock _gate = new();
    private readonly LatestValueBroadcaster<IReadOnlyList<DiskSpace>> _broadcaster = new([]);

    public DiskSpaceMonitor(IEngineStatusMonitor engine, IOptions<LaunchOptions> launch, IOptions<StatsOptions> options, TimeProvider timeProvider)
    {
        _engine = engine;
        _launch = launch.Value;
        _options = options.Value;
        _timeProvider = timeProvider;
    }

    public IReadOnlyList<DiskSpace> Current => _broadcaster.Current;

    public IAsyncEnumerable<IReadOnlyList<DiskSpace>> WatchAsync(CancellationToken cancellationToken) => _broadcaster.WatchAsync(cancellationToken);

    /// <summary>Reads the disks now and publishes the result.</summary>
    internal IReadOnlyList<DiskSpace> ReadNow()
    {
        lock (_gate)
        {
            var disks = new List<DiskSpace>();
            if (_engine.Current.DockerRootDir is { Length: > 0 } dockerRoot)
            {
                disks.Add(DiskSpaceReader.Read("Docker", dockerRoot));
            }

            if (_launch.WorkspaceRoot is { Length: > 0 } workspaces)
            {
                disks.Add(DiskSpaceReader.Read("Workspaces", workspaces, orNearestExisting: true));
            }

            _broadcaster.Publish(disks);
            return disks;
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(TickAsync(stoppingToken), FollowEngineAsync(stoppingToken));

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.DiskRefresh, _timeProvider);
        do
        {
            ReadNow();
        }
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
    }

    private async Task FollowEngineAsync(CancellationToken cancellationToken)
    {
        string? root = null;
        await foreach (var status in _engine.WatchAsync(cancellationToken).ConfigureAwait(false))
        {
            if (status.DockerRootDir is { Length: > 0 } current && current != root)
            {
                root = current;
                ReadNow();
            }
        }
    }
}
