using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Portal.Engine.Audit;
using Portal.Engine.Containers;
using Portal.Engine.Logs;

namespace Portal.Logs;

/// <summary>
/// <c>/hubs/logs</c>: live container logs for browsers and scripts. Signed in with the portal's cookie or an API
/// token (<c>Authorization: Bearer</c>, or <c>?access_token=</c> where a WebSocket cannot send headers).
/// </summary>
internal sealed class LogsHub(IContainerManager containers, IContainerLogs logs, IAuditLog audit, IOptions<LogOptions> options, TimeProvider timeProvider) : Hub
{
    public const string Path = "/hubs/logs";

    /// <summary>
    /// The least time between two batches to one client. Docker hands over a fast log a line at a time; without a
    /// pause each client got one message per line (10 000 a second), and the messages, not the lines, cost the CPU.
    /// </summary>
    internal static readonly TimeSpan BatchWindow = TimeSpan.FromMilliseconds(25);

    /// <summary>
    /// Streams a container's log: first a batch with up to <paramref name="tail"/> recent lines (0 to
    /// <c>Logs:BufferLines</c>), then a batch of new lines whenever some arrived. Ends when the client cancels the
    /// stream or the container is removed; another member's or an unknown container is a "not found" error.
    /// </summary>
    public async IAsyncEnumerable<LogBatchMessage> Follow(string containerId, int tail, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var bufferLines = options.Value.BufferLines;
        if (tail < 0 || tail > bufferLines)
        {
            throw new HubException($"tail must be between 0 and {bufferLines} (was {tail}).");
        }

        var container = string.IsNullOrWhiteSpace(containerId)
            ? null
            : await ContainerLogAccess.FindAsync(containers, audit, Context.User!, containerId, "live");
        if (container is null)
        {
            throw new HubException($"There is no container '{containerId}' of yours.");
        }

        await foreach (var batch in logs.FollowAsync(container.Id, tail, cancellationToken))
        {
            yield return LogBatchMessage.From(batch);
            // Lines arriving meanwhile queue up (bounded, per client) and go out together in the next batch.
            await Task.Delay(BatchWindow, timeProvider, cancellationToken);
        }
    }
}
