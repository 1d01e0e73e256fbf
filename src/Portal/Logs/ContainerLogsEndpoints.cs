using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Portal.Api;
using Portal.Engine.Audit;
using Portal.Engine.Containers;
using Portal.Engine.Logs;
using Portal.Terminals;

namespace Portal.Logs;

/// <summary>The logs hub (<c>/hubs/logs</c>) and the log download (<c>GET /api/v1/containers/{id}/logs</c>).</summary>
internal static class ContainerLogsEndpoints
{
    public const string DownloadRoute = "/api/v1/containers/{id}/logs";

    public static IEndpointRouteBuilder MapContainerLogs(this IEndpointRouteBuilder endpoints)
    {
        // Same origin as well as signed in: the cookie rides along on a cross-site WebSocket, so only the Origin
        // stops another page on this host (a container's published port) from reading logs as the user.
        endpoints.MapHub<LogsHub>(LogsHub.Path)
            .RequireAuthorization(policy => policy
                .RequireAuthenticatedUser()
                .RequireAssertion(context => context.Resource is HttpContext http && TerminalEndpoint.IsSameOrigin(http.Request)));

        endpoints.MapGet(DownloadRoute, DownloadAsync)
            .RequireAuthorization()
            .WithTags("Containers")
            .WithSummary("Downloads one of your containers' log as text (404 for anyone else's).")
            .WithDescription(
                "Streams the whole log (stdout and stderr, in order) as text/plain, one line per line, written as Docker "
                + "delivers it. Query: timestamps=true puts each line's RFC 3339 time first; tail=N gives only the last N "
                + "lines. Live logs: the SignalR hub /hubs/logs, method Follow(containerId, tail).")
            .Produces<string>(StatusCodes.Status200OK, "text/plain")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status502BadGateway);
        return endpoints;
    }

    /// <summary>A file name made of the container's name, with anything a file system or header might mind replaced.</summary>
    internal static string FileNameFor(ContainerSummary container)
    {
        var name = new StringBuilder();
        foreach (var c in container.DisplayName)
        {
            name.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_');
        }

        return (name.Length == 0 ? container.ShortId : name.ToString()) + ".log";
    }

    private static async Task<IResult> DownloadAsync(
        string id,
        bool? timestamps,
        int? tail,
        ClaimsPrincipal user,
        IContainerManager containers,
        IContainerLogs logs,
        IAuditLog audit,
        CancellationToken cancellationToken)
    {
        if (tail is < 0)
        {
            return ApiProblems.Invalid(
                "The log request is invalid.",
                new Dictionary<string, string[]> { ["tail"] = ["tail must be 0 or more; leave it out for the whole log."] });
        }

        var container = await ContainerLogAccess.FindAsync(containers, audit, user, id, "download");
        if (container is null)
        {
            return ApiProblems.NotFound($"There is no container '{id}' of yours.");
        }

        return new LogTextResult(logs.ReadAllAsync(container.Id, tail, cancellationToken), FileNameFor(container), timestamps == true);
    }
}
