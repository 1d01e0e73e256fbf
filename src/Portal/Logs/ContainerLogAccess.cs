using System.Security.Claims;
using Portal.Api;
using Portal.Engine.Audit;
using Portal.Engine.Containers;

namespace Portal.Logs;

/// <summary>
/// Who may read a container's log: its owner, and admins. Another member's container is "not found", never
/// "forbidden", so its existence does not leak. An admin reading someone else's log is audited.
/// </summary>
internal static class ContainerLogAccess
{
    public const string AuditAction = "logs.read";

    /// <param name="how">How the log is read, for the audit record ("live", "download").</param>
    /// <returns>The container, or null when the user may not see it.</returns>
    public static async Task<ContainerSummary?> FindAsync(IContainerManager containers, IAuditLog audit, ClaimsPrincipal user, string id, string how)
    {
        var actor = user.ToActor();
        if (containers.Find(actor, id) is not { } container)
        {
            return null;
        }

        if (!string.Equals(container.Owner, actor.UserName, StringComparison.Ordinal))
        {
            // Find shows other people's containers to admins only.
            var target = container.IsManaged ? $"{container.Owner}/{container.DisplayName}" : container.Name;
            await audit.WriteAsync(actor.UserName, AuditAction, target, AuditOutcome.Succeeded, $"{how}; as admin on {container.Owner ?? "an unmanaged"}'s container", CancellationToken.None);
        }

        return container;
    }
}
