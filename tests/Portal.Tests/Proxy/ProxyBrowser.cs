using System.Net;
using AngleSharp.Html.Parser;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Proxy;

/// <summary>
/// An HTTP client that behaves like one browser: one cookie jar for both origins (cookies are scoped by host, not
/// port, so the portal's sign-in cookie is offered to the proxy's origin too), redirects shown to the test.
/// </summary>
public sealed class ProxyBrowser : IDisposable
{
    private readonly ProxyAppFactory _factory;

    public ProxyBrowser(ProxyAppFactory factory)
    {
        _factory = factory;
        Client = new HttpClient(new SocketsHttpHandler { CookieContainer = Cookies, UseCookies = true, AllowAutoRedirect = false })
        {
            Timeout = TestTimeout.Default,
        };
    }

    public CookieContainer Cookies { get; } = new();

    public HttpClient Client { get; }

    public Uri Portal(string pathAndQuery) => new(_factory.PortalAddress, pathAndQuery);

    public Uri Proxy(string pathAndQuery) => new(_factory.ProxyAddress, pathAndQuery);

    /// <summary>Signs in through the real login form (antiforgery token and all), which sets <c>portal.auth</c>.</summary>
    public async Task SignInAsync(string userName, string password)
    {
        var loginUrl = Portal("/account/login");
        using var page = await Client.GetAsync(loginUrl);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var form = new HtmlParser().ParseDocument(await page.Content.ReadAsStringAsync()).QuerySelector("form[data-testid=login-form]");
        var antiforgery = form?.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value");
        Assert.False(string.IsNullOrEmpty(antiforgery), "The login form has no antiforgery token.");
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = antiforgery,
            ["Input.UserName"] = userName,
            ["Input.Password"] = password,
        });
        using var response = await Client.PostAsync(loginUrl, content);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    /// <summary>
    /// Follows "Open" for a port: the portal's redirect with a ticket, then the proxy's entry, which sets the proxy's
    /// cookie. Returns the proxy-relative path the app is served under (e.g. <c>/0123456789ab/8888/</c>).
    /// </summary>
    public async Task<string> OpenAsync(string containerId, int port, string? appPath = null)
    {
        var ticket = await GetTicketUrlAsync(containerId, port, appPath);
        using var entered = await Client.GetAsync(ticket);
        Assert.Equal(HttpStatusCode.SeeOther, entered.StatusCode);
        return entered.Headers.Location!.OriginalString;
    }

    /// <summary>The portal's answer to "Open": the proxy's entry URL with a fresh ticket.</summary>
    public async Task<Uri> GetTicketUrlAsync(string containerId, int port, string? appPath = null)
    {
        var open = $"/containers/{containerId}/open/{port}" + (appPath is null ? string.Empty : "?path=" + Uri.EscapeDataString(appPath));
        using var response = await Client.GetAsync(Portal(open));
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"GET {open} answered {(int)response.StatusCode}.");
        var target = response.Headers.Location!;
        Assert.Equal(_factory.ProxyAddress.Authority, target.Authority);
        return target;
    }

    /// <summary>The value of the proxy's cookie for <paramref name="pathBase"/>, as the jar would send it there.</summary>
    public string ProxyCookie(string pathBase) =>
        Cookies.GetCookies(Proxy(pathBase + "/")).Single(c => c.Name == "portal-proxy").Value;

    public void Dispose() => Client.Dispose();
}
