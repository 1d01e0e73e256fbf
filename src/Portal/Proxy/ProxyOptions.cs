namespace Portal.Proxy;

/// <summary>
/// The web proxy to apps in containers, bound from the <c>Proxy</c> section. Apps are served from their own origin
/// (<see cref="PublicUrl"/>), never from the portal's, so an app's scripts cannot act as the person looking at it.
/// </summary>
public sealed class ProxyOptions
{
    public const string SectionName = "Proxy";

    /// <summary>
    /// The proxy's origin as browsers reach it. It must differ from the portal's origin: by default a second port on
    /// the same host; in production a host name of its own (e.g. <c>https://apps.lab.example</c>). Defaults to
    /// <c>http://127.0.0.1:5081</c>.
    /// </summary>
    public string PublicUrl { get; set; } = "http://127.0.0.1:5081";

    /// <summary>
    /// Where the portal itself listens for proxy requests when that is not <see cref="PublicUrl"/> (a TLS front end
    /// forwards <c>https://apps.lab.example</c> to <c>http://127.0.0.1:5081</c>). Empty: listen on <see cref="PublicUrl"/>.
    /// </summary>
    public string ListenUrl { get; set; } = string.Empty;

    /// <summary>How long the signed entry ticket the portal hands out is valid, in seconds (used once). Defaults to 60.</summary>
    public int TicketSeconds { get; set; } = 60;

    /// <summary>How long the proxy's cookie for one container port lasts, in hours. Defaults to 12, like a portal sign-in.</summary>
    public double SessionHours { get; set; } = 12;

    /// <summary>
    /// A proxied request or WebSocket with no traffic either way for this long is cut, in minutes. Jupyter kernels sit
    /// idle for long; defaults to 60.
    /// </summary>
    public double IdleTimeoutMinutes { get; set; } = 60;

    public Uri PublicUri => new(PublicUrl, UriKind.Absolute);

    public Uri ListenUri => new(string.IsNullOrWhiteSpace(ListenUrl) ? PublicUrl : ListenUrl, UriKind.Absolute);

    /// <summary>The origin browsers send in <c>Origin</c> for pages served by the proxy: scheme, host and port.</summary>
    public string PublicOrigin => PublicUri.GetLeftPart(UriPartial.Authority);

    public TimeSpan TicketLifetime => TimeSpan.FromSeconds(TicketSeconds);

    public TimeSpan SessionLifetime => TimeSpan.FromHours(SessionHours);

    public TimeSpan IdleTimeout => TimeSpan.FromMinutes(IdleTimeoutMinutes);
}
