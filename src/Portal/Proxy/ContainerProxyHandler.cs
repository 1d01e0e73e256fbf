using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Portal.Engine.Proxy;
using Yarp.ReverseProxy.Forwarder;

namespace Portal.Proxy;

/// <summary>
/// Everything that arrives on the proxy's origin: the ticket exchange at <see cref="ProxyPaths.Entry"/>, and
/// <c>/{container}/{port}/{path}</c> forwarded to the port that container published on 127.0.0.1 (WebSockets,
/// streamed responses and uploads of any size included). Nothing of the portal is served here.
/// </summary>
internal sealed partial class ContainerProxyHandler(
    IHttpForwarder forwarder,
    ProxyHttpClient httpClient,
    ProxyTickets tickets,
    IProxyTargets targets,
    ProxyUserCheck userCheck,
    PortalCookieNames cookieNames,
    IOptions<ProxyOptions> options,
    ILogger<ContainerProxyHandler> logger)
{
    private ForwarderRequestConfig? _config;

    public Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        if (string.Equals(path, ProxyPaths.Entry, StringComparison.Ordinal))
        {
            return EnterAsync(context);
        }

        if (!ProxyPaths.TryParse(path, out var containerId, out var port, out var rest))
        {
            return ProxyPages.NotFoundAsync(context);
        }

        if (containerId.Length == ProxyPaths.FullIdLength)
        {
            // One canonical path per app (the cookie's): the full id becomes the short one, for anybody (it reveals nothing).
            context.Response.StatusCode = StatusCodes.Status308PermanentRedirect;
            context.Response.Headers.Location = ProxyPaths.For(containerId, port) + rest + context.Request.QueryString;
            return Task.CompletedTask;
        }

        return ForwardAsync(context, containerId, port);
    }

    private async Task EnterAsync(HttpContext context)
    {
        if (!IsEntryFromThePortal(context.Request))
        {
            // A ticket link planted by an app on this origin (or another site) would sign the visitor into someone
            // else's app on the shared proxy origin: entry counts only as a navigation from the portal's own pages.
            await ProxyPages.WriteAsync(
                context,
                StatusCodes.Status403Forbidden,
                "Open apps from the portal",
                "This link did not come from the portal. Open the app from its container's page on the portal.");
            return;
        }

        var grant = HttpMethods.IsGet(context.Request.Method) ? tickets.RedeemTicket(context.Request.Query["ticket"]) : null;
        if (grant is not null)
        {
            grant = await userCheck.ConfirmAsync(grant, context.RequestAborted);
        }

        if (grant is null)
        {
            await ProxyPages.WriteAsync(
                context,
                StatusCodes.Status403Forbidden,
                "This link has expired",
                "Links into apps work once and for a minute. Open the app again from its container's page on the portal.");
            return;
        }

        var pathBase = grant.PathBase;
        context.Response.Cookies.Append(PortalCookieNames.ProxyCookie, tickets.IssueSession(grant), new CookieOptions
        {
            Path = pathBase,
            HttpOnly = true,
            Secure = options.Value.PublicUri.Scheme == Uri.UriSchemeHttps,
            // Lax: the first request arrives by a top-level navigation from the portal, which is same-site.
            SameSite = SameSiteMode.Lax,
            IsEssential = true,
        });
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers["Referrer-Policy"] = "no-referrer";
        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.Response.Headers.Location = pathBase + "/" + string.Join('/', (grant.AppPath ?? string.Empty).Split('/').Select(Uri.EscapeDataString));
        LogEntered(logger, grant.UserName, grant.ContainerId[..ProxyPaths.ShortIdLength], grant.Port);
    }

    private async Task ForwardAsync(HttpContext context, string containerId, int port)
    {
        var grant = FindGrant(context, containerId, port);
        if (grant is not null)
        {
            grant = await userCheck.ConfirmAsync(grant, context.RequestAborted);
        }

        var target = grant is null ? ProxyTarget.NotFound : targets.Resolve(containerId, port, grant.UserName, grant.IsAdmin);
        switch (target.Status)
        {
            case ProxyTargetStatus.NotFound:
                await ProxyPages.NotFoundAsync(context);
                return;
            case ProxyTargetStatus.NotRunning:
                await ProxyPages.WriteAsync(
                    context,
                    StatusCodes.Status503ServiceUnavailable,
                    $"{target.Container!.DisplayName} is not running",
                    $"The container is {target.Container.State}. Start it on the portal, then open port {port} again.",
                    grant!.PortalPage);
                return;
            case ProxyTargetStatus.PortNotPublished:
                await ProxyPages.WriteAsync(
                    context,
                    StatusCodes.Status404NotFound,
                    $"{target.Container!.DisplayName} does not publish port {port}",
                    PublishedPortsText(target),
                    grant!.PortalPage);
                return;
        }

        if (context.Request.Headers["Service-Worker"] == "script")
        {
            // Every app shares this origin: a service worker of one could intercept the requests to all the others.
            await ProxyPages.WriteAsync(
                context,
                StatusCodes.Status403Forbidden,
                "Service workers are not allowed here",
                "Apps behind the portal's proxy share one origin, so none may install a service worker.",
                grant!.PortalPage);
            return;
        }

        // Uploads of any size: the app decides what it accepts, not Kestrel's 30 MB default.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = null;
        }

        var transformer = new ContainerProxyTransformer(cookieNames, grant!.PathBase, target.Token);
        var config = _config ??= new ForwarderRequestConfig { ActivityTimeout = options.Value.IdleTimeout };
        var error = await forwarder.SendAsync(context, target.Destination!, httpClient.Invoker, config, transformer);
        if (error != ForwarderError.None && !context.Response.HasStarted)
        {
            LogForwardFailed(logger, containerId, port, error);
            await ProxyPages.WriteAsync(
                context,
                StatusCodes.Status502BadGateway,
                $"Nothing answers on port {port}",
                $"{target.Container!.DisplayName} runs, but no app answered on port {port}. If it is still starting, reload in a moment; otherwise look at its logs on the portal.",
                grant.PortalPage);
        }
    }

    /// <summary>
    /// The grant for this container port among the proxy cookies the browser sent. Cookie paths keep each app's own
    /// cookie to its path, but an app on the same origin can plant extra ones, so each is checked, not only the first.
    /// </summary>
    private ProxyGrant? FindGrant(HttpContext context, string shortId, int port)
    {
        foreach (var header in context.Request.Headers.Cookie)
        {
            if (string.IsNullOrEmpty(header))
            {
                continue;
            }

            foreach (var range in header.AsSpan().Split(';'))
            {
                var pair = header.AsSpan()[range].Trim();
                if (!pair.StartsWith(PortalCookieNames.ProxyCookie + "=", StringComparison.Ordinal))
                {
                    continue;
                }

                var value = pair[(PortalCookieNames.ProxyCookie.Length + 1)..].ToString();
                if (tickets.ReadSession(value) is { } grant && grant.Port == port && grant.ContainerId.StartsWith(shortId, StringComparison.Ordinal))
                {
                    return grant;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Browsers say where a navigation came from (<c>Sec-Fetch-Site</c>): from the portal it is <c>same-site</c> (same
    /// host, other port) or <c>none</c> (typed, bookmarked); <c>same-origin</c> would be an app on this origin. Clients
    /// that send no fetch metadata (not browsers) are let through: the ticket alone is what they hold.
    /// </summary>
    private static bool IsEntryFromThePortal(HttpRequest request)
    {
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        return site is "" or "same-site" or "none";
    }

    private static string PublishedPortsText(ProxyTarget target)
    {
        var published = target.Container!.Ports.Where(p => p.HostPort is > 0).Select(p => p.ContainerPort).Distinct().Order().ToList();
        return published.Count == 0
            ? "This container publishes no ports. Launch it with the ports its apps listen on."
            : $"It publishes {string.Join(", ", published)}. Open one of those from its page on the portal.";
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{User} opened port {Port} of container {ContainerId} through the proxy")]
    private static partial void LogEntered(ILogger logger, string user, string containerId, int port);

    [LoggerMessage(Level = LogLevel.Information, Message = "Proxying to port {Port} of container {ContainerId} failed: {Error}")]
    private static partial void LogForwardFailed(ILogger logger, string containerId, int port, ForwarderError error);
}
