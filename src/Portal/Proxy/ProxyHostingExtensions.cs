using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Options;

namespace Portal.Proxy;

/// <summary>Wires the web proxy: its options, a second listening address, its own pipeline and the portal's guard.</summary>
internal static class ProxyHostingExtensions
{
    public static WebApplicationBuilder AddPortalProxy(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ProxyOptions>().Bind(builder.Configuration.GetSection(ProxyOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ProxyOptions>, ProxyOptionsValidator>();
        services.AddHttpForwarder();
        services.AddSingleton<ProxyHttpClient>();
        services.AddSingleton<ProxyTickets>();
        services.AddSingleton<PortalCookieNames>();
        services.AddSingleton<ProxyUserCheck>();
        services.AddSingleton<ContainerProxyHandler>();
        ListenOnProxyAddress(builder);
        return builder;
    }

    /// <summary>
    /// Sends everything that arrives at the proxy's address to the proxy, before any of the portal's middleware, so
    /// the portal's pages, API and sign-in are never served on the proxy's origin; and guards the portal's own pipeline.
    /// </summary>
    public static WebApplication UsePortalProxy(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<ProxyOptions>>().Value;
        var listenPort = options.ListenUri.Port;
        var publicHost = options.PublicUri.Authority;
        var handler = app.Services.GetRequiredService<ContainerProxyHandler>();
        app.MapWhen(
            context => context.Connection.LocalPort == listenPort || string.Equals(context.Request.Host.Value, publicHost, StringComparison.OrdinalIgnoreCase),
            proxy => proxy.Run(handler.InvokeAsync));
        app.UseMiddleware<ProxyOriginGuard>();
        return app;
    }

    /// <summary>
    /// Adds the proxy's address to the portal's own (<c>Urls</c> / <c>--urls</c>). A host that binds Kestrel in code
    /// (tests) binds the proxy's address itself. A bad <c>Proxy</c> value is left to the options validation.
    /// </summary>
    private static void ListenOnProxyAddress(WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(ProxyOptions.SectionName).Get<ProxyOptions>() ?? new ProxyOptions();
        if (!Uri.TryCreate(string.IsNullOrWhiteSpace(section.ListenUrl) ? section.PublicUrl : section.ListenUrl, UriKind.Absolute, out var listen))
        {
            return;
        }

        var urls = (builder.Configuration[WebHostDefaults.ServerUrlsKey] ?? string.Empty)
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .ToList();
        if (urls.Any(url => Uri.TryCreate(url.Replace("*", "0.0.0.0", StringComparison.Ordinal).Replace("+", "0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri) && uri.Port == listen.Port))
        {
            throw new InvalidOperationException(
                $"Proxy:PublicUrl (or Proxy:ListenUrl) {listen} uses the portal's own port {listen.Port}; the proxy needs an address of its own (default http://127.0.0.1:5081).");
        }

        if (urls.Count == 0)
        {
            // Kestrel's own default when nothing is configured.
            urls.Add("http://localhost:5000");
        }

        urls.Add(listen.GetLeftPart(UriPartial.Authority));
        builder.WebHost.UseUrls([.. urls]);
    }
}
