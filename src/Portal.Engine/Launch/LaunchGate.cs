namespace Portal.Engine.Launch;

/// <summary>
/// One at a time through a launch's check-then-create: the quota count, the device lease, the image check and the
/// container's creation. Whatever must not interleave with that passes the same gate: removing a user's last
/// network, and cleanup removing an image (once a launch has created its container, the engine itself refuses
/// to remove the image it uses).
/// </summary>
internal sealed class LaunchGate : IDisposable
{
    private readonly SemaphoreSlim _semaphore = new(1, 1);

    public Task WaitAsync(CancellationToken cancellationToken) => _semaphore.WaitAsync(cancellationToken);

    public void Release() => _semaphore.Release();

    public void Dispose() => _semaphore.Dispose();
}
