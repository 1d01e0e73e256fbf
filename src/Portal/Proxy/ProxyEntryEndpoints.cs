using System.Security.Claims;
using Microsoft.Extensions.Options;
using Portal.Api;
using Portal.Engine.Audit;
using Portal.Engine.Containers;

namespace Portal.Proxy;

/// <summary>
/// <c>GET /containers/{id}/open/{port}</c> on the portal: hands the signed-in owner (or an admin, audited) a
/// single-use ticket and sends the browser to the proxy's origin, which exchanges it for a cookie of its own.
/// </summary>
internal static class ProxyEntryEndpoints
{
    public static IEndpointRouteBuilder MapProxyEntry(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/containers/{id}/open/{port:int:range(1,65535)}", OpenAsync)
            .RequireAuthorization()
            .ExcludeFromDescription();
        return endpoints;
    }

    /// <summary>Where a container's app is opened from: the link the UI shows for each published port.</summary>
    public static string OpenPath(string containerId, int port, string? appPath = null) =>
        $"/containers/{Uri.EscapeDataString(containerId)}/open/{port}" + (string.IsNullOrEmpty(appPath) ? string.Empty : "?path=" + Uri.EscapeDataString(appPath));

    private static async Task<IResult> OpenAsync(
        string id,
        int port,
        string? path,
        HttpContext context,
        ClaimsPrincipal user,
        IContainerManager containers,
        ProxyTickets tickets,
        IAuditLog audit,
        IOptions<ProxyOptions> options,
        CancellationToken cancellationToken)
    {
        var actor = user.ToActor();
        if (containers.Find(actor, id) is not { IsManaged: true } container)
        {
            return Results.NotFound();
        }

        if (!IsAppPath(path))
        {
            return Results.BadRequest();
        }

        if (!container.IsOwnedBy(actor.UserName))
        {
            // Admins may look into anyone's app; that is written down.
            await audit.WriteAsync(actor.UserName, "proxy.open", $"{container.Owner}/{container.DisplayName}:{port}", AuditOutcome.Succeeded, $"id {container.ShortId}", cancellationToken);
        }

        var request = context.Request;
        var portalPage = $"{request.Scheme}://{request.Host}{request.PathBase}/containers/{container.ShortId}";
        var ticket = tickets.IssueTicket(new ProxyGrant(actor.UserName, actor.IsAdmin, container.Id, port, portalPage, path?.TrimStart('/')));
        context.Response.Headers.CacheControl = "no-store";
        return Results.Redirect(new Uri(options.Value.PublicUri, ProxyPaths.Entry + "?ticket=" + Uri.EscapeDataString(ticket)).ToString());
    }

    /// <summary>A path inside the app (such as <c>notebooks/a.ipynb</c>), never another origin or a way out of its prefix.</summary>
    private static bool IsAppPath(string? path) =>
        string.IsNullOrEmpty(path)
        || (path.Length <= 2000
            && !path.Contains("..", StringComparison.Ordinal)
            && !path.Contains('\\', StringComparison.Ordinal)
            && !path.Contains("//", StringComparison.Ordinal)
            && !path.Any(char.IsControl)
            && !path.Contains(':', StringComparison.Ordinal));
}
