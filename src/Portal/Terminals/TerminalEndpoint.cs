using System.Net.WebSockets;
using System.Security.Claims;
using Microsoft.Extensions.Primitives;
using Portal.Api;
using Portal.Engine.Containers;
using Portal.Engine.Terminals;

namespace Portal.Terminals;

/// <summary>
/// <c>GET /api/v1/containers/{id}/terminal</c>: a WebSocket onto a terminal in one of the caller's containers.
/// Everything that can be answered before the upgrade is an HTTP status with problem details (401 anonymous, 403
/// foreign origin, 404 not yours, 409 not running, 400 not a WebSocket); what the terminal engine decides (session
/// ended, too many sessions, Docker refusing) comes after the upgrade as an <c>error</c> message and a 44xx close,
/// because a browser's WebSocket cannot read an HTTP status.
/// </summary>
internal static class TerminalEndpoint
{
    public const string Route = "/api/v1/containers/{id}/terminal";

    /// <summary>A command line longer than this is not typed by a person.</summary>
    public const int MaxCommandLength = 4096;

    public static IEndpointRouteBuilder MapTerminalEndpoint(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Route, HandleAsync)
            .RequireAuthorization()
            .WithTags("Terminals")
            .WithSummary("Opens a terminal in one of your containers over a WebSocket (?session= reattaches).")
            .WithDescription(
                "Query: command (a shell command line; default the container's best shell), session (reattach), cols and rows "
                + "(initial size). Binary frames carry raw terminal bytes both ways; text frames carry JSON control messages.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return endpoints;
    }

    /// <summary>
    /// True when the request carries no <c>Origin</c> (not a browser) or the portal's own origin. Cookies ride along
    /// on a cross-site WebSocket upgrade and the browser applies no CORS to it, so this check is what stops another
    /// site from opening a terminal as the signed-in user (cross-site WebSocket hijacking).
    /// </summary>
    internal static bool IsSameOrigin(HttpRequest request)
    {
        var origins = request.Headers.Origin;
        if (StringValues.IsNullOrEmpty(origins))
        {
            return true;
        }

        if (origins.Count != 1 || !Uri.TryCreate(origins[0], UriKind.Absolute, out var origin) || !request.Host.HasValue)
        {
            return false;
        }

        var port = request.Host.Port ?? (string.Equals(request.Scheme, "https", StringComparison.OrdinalIgnoreCase) ? 443 : 80);
        return string.Equals(origin.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(origin.IdnHost, request.Host.Host, StringComparison.OrdinalIgnoreCase)
            && origin.Port == port
            && origin.AbsolutePath == "/";
    }

    private static async Task<IResult> HandleAsync(
        string id,
        string? command,
        string? session,
        int? cols,
        int? rows,
        HttpContext context,
        ClaimsPrincipal user,
        IContainerManager containers,
        ITerminalManager terminals,
        ILoggerFactory loggers)
    {
        if (!IsSameOrigin(context.Request))
        {
            return ApiProblems.Problem(StatusCodes.Status403Forbidden, "origin-not-allowed", "The origin is not allowed.", "Terminals open only from the portal's own pages.");
        }

        var actor = user.ToActor();
        if (containers.Find(actor, id) is not { } container)
        {
            return ApiProblems.NotFound($"There is no container '{id}' of yours.");
        }

        if (!container.IsRunning)
        {
            return ApiProblems.Problem(StatusCodes.Status409Conflict, TerminalErrorCodes.ContainerNotRunning, "The container is not running.", $"The container '{container.DisplayName}' is {container.State}; start it to open a terminal.");
        }

        var invalid = Validate(command, session, cols, rows);
        if (invalid.Count > 0)
        {
            return ApiProblems.Invalid("The terminal request is invalid.", invalid);
        }

        if (!context.WebSockets.IsWebSocketRequest)
        {
            return ApiProblems.Problem(StatusCodes.Status400BadRequest, "websocket-required", "A WebSocket upgrade is required.", "Connect with a WebSocket client (ws:// or wss://).");
        }

        var size = cols is { } c && rows is { } r ? new TerminalSize(c, r) : (TerminalSize?)null;
        var cancellationToken = context.RequestAborted;
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var result = string.IsNullOrEmpty(session)
            ? await terminals.OpenAsync(actor, container, string.IsNullOrWhiteSpace(command) ? null : command, size, cancellationToken)
            : terminals.Reattach(actor, container, session);
        if (result.Attachment is not { } attachment)
        {
            await RefuseAsync(socket, result.ErrorCode!, result.ErrorMessage!, cancellationToken);
            return Results.Empty;
        }

        if (!attachment.IsNewSession && size is { } initial)
        {
            await attachment.ResizeAsync(initial, cancellationToken);
        }

        await new TerminalSocket(socket, attachment, loggers.CreateLogger(typeof(TerminalSocket))).RunAsync(cancellationToken);
        return Results.Empty;
    }

    private static Dictionary<string, string[]> Validate(string? command, string? session, int? cols, int? rows)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (command is { Length: > MaxCommandLength })
        {
            errors["command"] = [$"The command may be at most {MaxCommandLength} characters."];
        }

        if (command is not null && command.Contains('\0', StringComparison.Ordinal))
        {
            errors["command"] = ["The command may not contain NUL characters."];
        }

        if (!string.IsNullOrEmpty(session) && !string.IsNullOrWhiteSpace(command))
        {
            errors["command"] = ["A reattach (session) runs nothing new; leave command out."];
        }

        if (cols.HasValue != rows.HasValue)
        {
            errors["cols"] = ["Give cols and rows together, or neither."];
        }
        else if (cols is { } c && rows is { } r && !new TerminalSize(c, r).IsValid)
        {
            errors["cols"] = [$"cols and rows must be between 1 and {TerminalSize.MaxCells}."];
        }

        return errors;
    }

    private static async Task RefuseAsync(WebSocket socket, string code, string message, CancellationToken cancellationToken)
    {
        try
        {
            await socket.SendAsync(TerminalMessages.Error(code, message), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
            await socket.CloseOutputAsync(TerminalCloseCodes.ForError(code), code, cancellationToken);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The browser left first; there is nobody to tell.
        }
    }
}
