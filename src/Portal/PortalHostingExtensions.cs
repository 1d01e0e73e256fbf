using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using MudBlazor.Services;
using Portal.Accounts;
using Portal.Api;
using Portal.Components;
using Portal.Configuration;
using Portal.Data;
using Portal.Engine;
using Portal.Engine.Launch;
using Portal.Engine.Terminals;
using Portal.Health;
using Portal.Logs;
using Portal.Proxy;
using Portal.Terminals;

namespace Portal;

/// <summary>Wires the portal: one call per project, as eShop does, so Program.cs stays short.</summary>
public static class PortalHostingExtensions
{
    public static WebApplicationBuilder AddPortal(this WebApplicationBuilder builder)
    {
        // Serve library assets (MudBlazor's _content) from their build-time locations under `dotnet run` in any
        // environment, not only Development; a published folder has no runtime manifest and this does nothing.
        builder.WebHost.UseStaticWebAssets();

        var services = builder.Services;
        var configuration = builder.Configuration;

        services.AddOptions<PortalOptions>().Bind(configuration.GetSection(PortalOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PortalOptions>, PortalOptionsValidator>();

        // The state folder holds the database and the data-protection keys; it must exist before either is used.
        var portalOptions = configuration.GetSection(PortalOptions.SectionName).Get<PortalOptions>() ?? new PortalOptions();
        var dataDirectory = portalOptions.GetDataDirectoryPath(builder.Environment.ContentRootPath);
        Directory.CreateDirectory(dataDirectory);
        services.AddPortalData($"Data Source={Path.Combine(dataDirectory, "portal.db")}");
        services.AddDataProtection()
            .SetApplicationName("Portal")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataDirectory, "keys")));

        // Hosted services start in registration order: the schema must exist before the engine's watchers use it.
        services.AddHostedService<DatabaseInitializer>();
        services.AddPortalEngine(configuration);
        // Workspaces live in the state folder unless an admin puts them elsewhere (a bigger disk).
        services.PostConfigure<LaunchOptions>(options =>
        {
            if (string.IsNullOrWhiteSpace(options.WorkspaceRoot))
            {
                options.WorkspaceRoot = Path.Combine(dataDirectory, "workspaces");
            }
        });
        services.AddPortalAccounts(configuration);
        builder.AddPortalProxy();

        services.AddRazorComponents().AddInteractiveServerComponents();
        // Blazor Server brings SignalR; said here too because the logs hub is ours.
        services.AddSignalR();
        services.AddMudServices(options =>
        {
            // Bottom right: messages never cover the page's own action buttons, which sit top right.
            options.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomRight;
            options.SnackbarConfiguration.PreventDuplicates = false;
            options.SnackbarConfiguration.VisibleStateDuration = 4000;
        });
        services.AddHttpContextAccessor();
        // Terminal sockets are pinged every heartbeat: proxies see traffic on an idle terminal, and a browser that
        // stops answering is cut (and its session detached) after two heartbeats instead of holding it forever.
        services.AddOptions<WebSocketOptions>().Configure<IOptions<TerminalOptions>>((webSockets, terminals) =>
        {
            webSockets.KeepAliveInterval = terminals.Value.Heartbeat;
            webSockets.KeepAliveTimeout = terminals.Value.Heartbeat * 2;
        });

        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            // Every problem carries a stable code, including those the framework writes (bad JSON, 401, 403).
            if (!context.ProblemDetails.Extensions.ContainsKey("code"))
            {
                context.ProblemDetails.Extensions["code"] = context.ProblemDetails.Status switch
                {
                    StatusCodes.Status400BadRequest => "invalid-request",
                    StatusCodes.Status401Unauthorized => "unauthorized",
                    StatusCodes.Status403Forbidden => "forbidden",
                    StatusCodes.Status404NotFound => "not-found",
                    StatusCodes.Status405MethodNotAllowed => "method-not-allowed",
                    StatusCodes.Status415UnsupportedMediaType => "unsupported-media-type",
                    _ => "error",
                };
            }
        });
        services.AddOpenApi();
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database")
            .AddCheck<DockerEngineHealthCheck>("docker");
        return builder;
    }

    public static WebApplication UsePortal(this WebApplication app)
    {
        // First: the proxy's origin serves container apps only, none of what follows.
        app.UsePortalProxy();
        // Said here, after the proxy's branch, so proxied requests skip endpoint matching (it would run first otherwise).
        app.UseRouting();
        app.UseExceptionHandler(errors => errors.Run(async context =>
        {
            var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
            await problems.WriteAsync(new ProblemDetailsContext { HttpContext = context });
        }));

        // API and hub callers get problem details for bare status codes; people get the portal's not-found page.
        app.UseWhen(
            context => IsForScripts(context.Request.Path) || context.Request.Path.StartsWithSegments("/openapi"),
            api => api.UseStatusCodePages());
        app.UseWhen(
            context => !IsForScripts(context.Request.Path),
            web => web.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));

        // The root wwwroot/ (content root) is served here; framework and library assets by MapStaticAssets.
        app.UseStaticFiles();
        app.UseWebSockets();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapStaticAssets();
        app.MapOpenApi().AllowAnonymous();
        app.MapHealthChecks("/healthz", new HealthCheckOptions { ResponseWriter = HealthResponseWriter.WriteAsync }).AllowAnonymous();
        app.MapPortalApi();
        app.MapTerminalEndpoint();
        app.MapContainerLogs();
        app.MapAccountEndpoints();
        app.MapProxyEntry();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }

    /// <summary>Paths whose callers read status codes (the API, SignalR hubs), not pages.</summary>
    private static bool IsForScripts(PathString path) => path.StartsWithSegments("/api") || path.StartsWithSegments("/hubs");
}
