using Portal.Engine.Containers;

namespace Portal.Engine.Disk;

/// <summary>
/// Removes one of the largest items: a container (stopped first when it runs), an image its owner brought, or a
/// volume labelled with its owner. Members remove their own, admins anyone's; images nobody owns (the lab's base
/// images) are left to the cleanup tools. The engine's refusals (in use) come back as messages. Every removal is audited.
/// </summary>
public interface IDiskItemRemover
{
    Task<DiskRemovalResult> RemoveAsync(Actor actor, DiskItem item, CancellationToken cancellationToken);
}
