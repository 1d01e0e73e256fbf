using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Engine.Common;

namespace Portal.Engine.Gpus;

/// <summary>
/// Re-reads the GPUs on <see cref="GpuOptions.RefreshInterval"/> from the configured <see cref="GpuSource"/>. A missing
/// nvidia-smi, a hung driver or a bad file yields a snapshot with an error instead of stopping the portal, and the
/// inventory recovers by itself when the source does. Failures are logged when they change, not on every tick.
/// </summary>
internal sealed partial class GpuInventoryMonitor : BackgroundService, IGpuInventory
{
    /// <summary>How long one nvidia-smi run may take before it is killed.</summary>
    internal static readonly TimeSpan DefaultCommandTimeout = TimeSpan.FromSeconds(10);

    private static readonly string[] QueryArguments = ["-q", "-x"];
    private static readonly string[] ListArguments = ["-L"];

    private readonly GpuOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<GpuInventoryMonitor> _logger;
    private readonly NvidiaSmiRunner _nvidiaSmi;
    private readonly LatestValueBroadcaster<GpuSnapshot> _broadcaster;

    // One read at a time: the timer and people pressing "refresh" must not start a pile of nvidia-smi processes,
    // and the change detection below needs the reads in order. Never disposed: it holds no handle unless
    // AvailableWaitHandle is used, and disposing it could fail a refresh still finishing at shutdown.
    private readonly SemaphoreSlim _readGate = new(1, 1);
    private string? _lastError;
    private int? _lastGpuCount;
    private string? _lastListError;

    public GpuInventoryMonitor(IOptions<GpuOptions> options, TimeProvider timeProvider, ILogger<GpuInventoryMonitor> logger)
        : this(options, timeProvider, logger, DefaultCommandTimeout)
    {
    }

    internal GpuInventoryMonitor(IOptions<GpuOptions> options, TimeProvider timeProvider, ILogger<GpuInventoryMonitor> logger, TimeSpan commandTimeout)
    {
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
        _nvidiaSmi = new NvidiaSmiRunner(_options.NvidiaSmiPath, commandTimeout);
        _broadcaster = new LatestValueBroadcaster<GpuSnapshot>(GpuSnapshot.Unknown(timeProvider.GetUtcNow()));
    }

    public GpuSnapshot Current => _broadcaster.Current;

    public IAsyncEnumerable<GpuSnapshot> WatchAsync(CancellationToken cancellationToken) => _broadcaster.WatchAsync(cancellationToken);

    public async Task<GpuSnapshot> RefreshAsync(CancellationToken cancellationToken)
    {
        await _readGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var snapshot = await ReadAsync(cancellationToken).ConfigureAwait(false);
            ReportChange(snapshot);
            _broadcaster.Publish(snapshot);
            return snapshot;
        }
        finally
        {
            _readGate.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_options.Source == GpuSource.None)
        {
            // Nothing can change without a restart: one empty snapshot is the whole job.
            await RefreshAsync(stoppingToken).ConfigureAwait(false);
            return;
        }

        using var timer = new PeriodicTimer(_options.RefreshInterval, _timeProvider);
        do
        {
            await RefreshAsync(stoppingToken).ConfigureAwait(false);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private async Task<GpuSnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            return _options.Source switch
            {
                GpuSource.None => new GpuSnapshot { ReadAt = _timeProvider.GetUtcNow() },
                GpuSource.File => await ReadFileAsync(cancellationToken).ConfigureAwait(false),
                _ => await ReadNvidiaSmiAsync(cancellationToken).ConfigureAwait(false),
            };
        }
        catch (GpuSourceException ex)
        {
            return GpuSnapshot.Failed(_timeProvider.GetUtcNow(), ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Whatever else goes wrong, the inventory must keep ticking: a crashed hosted service stops the portal.
            return GpuSnapshot.Failed(_timeProvider.GetUtcNow(), $"Reading the GPUs from {DescribeSource()} failed: {ex.GetBaseException().Message}");
        }
    }

    private async Task<GpuSnapshot> ReadFileAsync(CancellationToken cancellationToken)
    {
        var path = _options.FilePath ?? string.Empty;
        string xml;
        try
        {
            xml = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new GpuSourceException($"Gpus:FilePath '{path}' does not exist (looked for {Path.GetFullPath(path)}).", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new GpuSourceException($"Gpus:FilePath '{path}' cannot be read: {ex.Message}", ex);
        }

        return Parse(xml, $"Gpus:FilePath '{path}'");
    }

    private async Task<GpuSnapshot> ReadNvidiaSmiAsync(CancellationToken cancellationToken)
    {
        var xml = await _nvidiaSmi.RunAsync(QueryArguments, cancellationToken).ConfigureAwait(false);
        var snapshot = Parse(xml, $"The output of {_nvidiaSmi.Executable} -q -x");
        if (!snapshot.Gpus.Any(gpu => gpu.MigMode == MigMode.Enabled && gpu.MigDevices.Count > 0))
        {
            return snapshot;
        }

        // Only -L names MIG devices by UUID, which is what a container is given. Without it the GPUs are still worth showing.
        try
        {
            var list = await _nvidiaSmi.RunAsync(ListArguments, cancellationToken).ConfigureAwait(false);
            snapshot = NvidiaSmiListParser.AttachMigDetails(snapshot, NvidiaSmiListParser.Parse(list));
            _lastListError = null;
        }
        catch (GpuSourceException ex)
        {
            if (ex.Message != _lastListError)
            {
                LogMigListFailed(_logger, ex.Message);
            }

            _lastListError = ex.Message;
        }

        return snapshot;
    }

    private GpuSnapshot Parse(string xml, string what)
    {
        try
        {
            return NvidiaSmiXmlParser.Parse(xml, _timeProvider.GetUtcNow());
        }
        catch (FormatException ex)
        {
            throw new GpuSourceException($"{what} is not an `nvidia-smi -q -x` document: {ex.Message}", ex);
        }
    }

    private void ReportChange(GpuSnapshot snapshot)
    {
        if (snapshot.Error is { } error)
        {
            if (error != _lastError)
            {
                LogReadFailed(_logger, DescribeSource(), error);
            }
        }
        else if (_lastError is not null || _lastGpuCount != snapshot.Gpus.Count)
        {
            LogRead(_logger, snapshot.Gpus.Count, DescribeSource(), snapshot.DriverVersion);
            _lastGpuCount = snapshot.Gpus.Count;
        }

        _lastError = snapshot.Error;
    }

    private string DescribeSource() => _options.Source switch
    {
        GpuSource.None => "no source (Gpus:Source=None)",
        GpuSource.File => $"file {_options.FilePath}",
        _ => _options.NvidiaSmiPath,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "GPU inventory: {GpuCount} GPU(s) from {Source}, driver {DriverVersion}")]
    private static partial void LogRead(ILogger logger, int gpuCount, string source, string? driverVersion);

    [LoggerMessage(Level = LogLevel.Warning, Message = "GPU inventory from {Source} failed: {Error}")]
    private static partial void LogReadFailed(ILogger logger, string source, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "nvidia-smi -L failed, so MIG devices are listed without UUIDs: {Error}")]
    private static partial void LogMigListFailed(ILogger logger, string error);
}
