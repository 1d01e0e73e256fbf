using Portal.Engine.Disk;

namespace Portal.Engine.Tests.Disk;

/// <summary>
/// The real scanner behind a gate the test holds: a pass starts, says so, and measures only when the gate opens. So a
/// test can look at the portal while a pass runs as long as a busy host's would.
/// </summary>
internal sealed class GatedScanner(DiskUsageScanner inner) : IDiskUsageScanner
{
    private readonly Lock _gate = new();
    private TaskCompletionSource _open = Opened();
    private TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when a pass has reached the gate (since the last <see cref="Close"/>).</summary>
    public Task Entered
    {
        get
        {
            lock (_gate)
            {
                return _entered.Task;
            }
        }
    }

    public void Close()
    {
        lock (_gate)
        {
            _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public void Open()
    {
        lock (_gate)
        {
            _open.TrySetResult();
        }
    }

    public async Task<DiskUsageFigures> MeasureAsync(CancellationToken cancellationToken)
    {
        Task open;
        lock (_gate)
        {
            _entered.TrySetResult();
            open = _open.Task;
        }

        await open.WaitAsync(cancellationToken);
        return await inner.MeasureAsync(cancellationToken);
    }

    private static TaskCompletionSource Opened()
    {
        var source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        source.SetResult();
        return source;
    }
}
