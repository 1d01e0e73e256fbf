using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Portal.Engine.Logs;

namespace Portal.Tests.Components.Fakes;

/// <summary>
/// A log source the test drives: <see cref="Publish"/> feeds a channel that the follower reads, searches answer what
/// <see cref="SearchResults"/> says, and the test can see what was followed and that following was cancelled.
/// </summary>
internal sealed class FakeContainerLogs : IContainerLogs
{
    private readonly Channel<LogBatch> _batches = Channel.CreateUnbounded<LogBatch>();
    private readonly TaskCompletionSource<(string ContainerId, int Tail)> _followed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _cancelled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Every follow: container and tail.</summary>
    public ConcurrentQueue<(string ContainerId, int Tail)> Follows { get; } = new();

    /// <summary>The first follow's container and tail.</summary>
    public Task<(string ContainerId, int Tail)> Followed => _followed.Task;

    /// <summary>Completes when a follow (the first to) ended because its token was cancelled.</summary>
    public Task FollowCancelled => _cancelled.Task;

    /// <summary>What <see cref="Search"/> answers; by default nothing.</summary>
    public Func<string, string, int, IReadOnlyList<LogLine>> SearchResults { get; set; } = (_, _, _) => [];

    /// <summary>Every search: container, text, limit.</summary>
    public ConcurrentQueue<(string ContainerId, string Text, int Limit)> Searches { get; } = new();

    public void Publish(params LogLine[] lines) => Publish(new LogBatch(lines, 0));

    public void Publish(LogBatch batch) => Assert.True(_batches.Writer.TryWrite(batch));

    public async IAsyncEnumerable<LogBatch> FollowAsync(string containerId, int tail, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Follows.Enqueue((containerId, tail));
        _followed.TrySetResult((containerId, tail));
        try
        {
            await foreach (var batch in _batches.Reader.ReadAllAsync(cancellationToken))
            {
                yield return batch;
            }
        }
        finally
        {
            if (cancellationToken.IsCancellationRequested)
            {
                _cancelled.TrySetResult();
            }
        }
    }

    public IReadOnlyList<LogLine> Search(string containerId, string text, int limit)
    {
        Searches.Enqueue((containerId, text, limit));
        return SearchResults(containerId, text, limit);
    }

    public IAsyncEnumerable<LogLine> ReadAllAsync(string containerId, int? tail, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The viewer downloads through the HTTP endpoint, never through this.");
}
