using System.Collections.Concurrent;
using Portal.Engine.Containers;
using Portal.Engine.Disk;

namespace Portal.Tests.Components.Fakes;

/// <summary>Records what the page asked to remove and answers with <see cref="Answer"/>.</summary>
internal sealed class FakeDiskItemRemover : IDiskItemRemover
{
    public ConcurrentQueue<(Actor Actor, DiskItem Item)> Calls { get; } = new();

    public DiskRemovalResult Answer { get; set; } = new(true, "Removed it.");

    public Task<DiskRemovalResult> RemoveAsync(Actor actor, DiskItem item, CancellationToken cancellationToken)
    {
        Calls.Enqueue((actor, item));
        return Task.FromResult(Answer);
    }
}
