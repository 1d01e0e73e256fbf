using System.Net;
using Microsoft.Extensions.Logging;
using Portal.Engine.Docker;

namespace Portal.Engine.Disk;

/// <summary>
/// One <c>/system/df</c> request at a time from this portal (a gate), and a retry while a client outside the portal
/// (<c>docker system df</c>) holds the engine's scan: Engine 20.10 answers a second one with "a disk usage operation
/// is already running".
/// </summary>
internal sealed partial class EngineDiskUsageReader(DockerHttpApi http, TimeProvider timeProvider, ILogger<EngineDiskUsageReader> logger) : IEngineDiskUsageReader, IDisposable
{
    private static readonly TimeSpan BusyRetryDelay = TimeSpan.FromMilliseconds(500);

    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<EngineDiskUsage> ReadAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (true)
            {
                try
                {
                    // verbose: API 1.52 lists the items only when asked; older engines ignore it.
                    using var document = await http.GetJsonAsync("/system/df?verbose=1", cancellationToken).ConfigureAwait(false);
                    return SystemDfParser.Parse(document.RootElement);
                }
                catch (DockerHttpException ex) when (IsBusy(ex))
                {
                    LogEngineBusy(logger);
                    await Task.Delay(BusyRetryDelay, timeProvider, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private static bool IsBusy(DockerHttpException ex) =>
        ex.StatusCode == HttpStatusCode.InternalServerError && ex.Message.Contains("already running", StringComparison.OrdinalIgnoreCase);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Another client's disk usage scan runs on the engine; asking again shortly")]
    private static partial void LogEngineBusy(ILogger logger);
}
