namespace Portal.Engine.Logs;

/// <summary>
/// Containers' logs, followed once per container however many viewers watch (fan-out). Callers have already
/// checked that the actor may read the container (see <c>IContainerManager.Find</c>); this type never does.
/// </summary>
public interface IContainerLogs
{
    /// <summary>
    /// Follows a container's log: the first batch is up to <paramref name="tail"/> recent lines from the buffer
    /// (the snapshot, possibly empty while the backlog is still being read), then batches of new lines as they
    /// arrive. The upstream Docker stream starts with the first viewer and stops a little after the last leaves;
    /// it resumes by itself when the container restarts. Ends when <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    IAsyncEnumerable<LogBatch> FollowAsync(string containerId, int tail, CancellationToken cancellationToken);

    /// <summary>
    /// Lines in the buffer of a followed container whose text contains <paramref name="text"/> (ordinal, ignoring
    /// case), oldest first, at most <paramref name="limit"/> (the newest ones when more match). Empty when nobody
    /// follows the container.
    /// </summary>
    IReadOnlyList<LogLine> Search(string containerId, string text, int limit);

    /// <summary>
    /// Reads the container's whole log (or its last <paramref name="tail"/> lines) once, without following,
    /// straight from Docker and without buffering it all: for downloads.
    /// </summary>
    IAsyncEnumerable<LogLine> ReadAllAsync(string containerId, int? tail, CancellationToken cancellationToken);
}
