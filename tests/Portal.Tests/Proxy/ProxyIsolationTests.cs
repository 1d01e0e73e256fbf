using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Portal.Data.Entities;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Proxy;

/// <summary>
/// What keeps an untrusted app in a container from the portal and from other members: owner-only access (404 for
/// everyone else), single-use tickets, the portal's cookies and tokens never reaching the container, and the portal
/// refusing what the proxy's origin sends it.
/// </summary>
[Collection(ProxyCollection.Name)]
public sealed class ProxyIsolationTests(ProxyFixture fixture)
{
    private string EchoPath => $"/{fixture.EchoId[..12]}/{ProxyContainers.EchoPort}/";

    [Fact]
    public async Task Echo_OwnersBrowser_ForwardsNoPortalCookieAndTheContainersOwnToken()
    {
        using var browser = await fixture.SignedInBrowserAsync(fixture.Alice);
        var app = await browser.OpenAsync(fixture.EchoId, ProxyContainers.EchoPort);
        // The jar offers the portal's sign-in to the proxy's port too (cookies ignore ports): the proxy must drop it.
        Assert.Contains(browser.Cookies.GetCookies(browser.Proxy(app)), c => c.Name == "portal.auth");
        using var request = new HttpRequestMessage(HttpMethod.Get, browser.Proxy(app + "some/path?q=1"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "portal-api-token");
        request.Headers.Add("X-Forwarded-For", "10.9.9.9");

        using var response = await browser.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var echo = await response.Content.ReadFromJsonAsync<JsonElement>();
        var headers = Headers(echo);
        Assert.Equal(app + "some/path?q=1", echo.GetProperty("path").GetString());
        var cookie = headers.GetValueOrDefault("cookie") ?? string.Empty;
        Assert.DoesNotContain("portal.auth", cookie, StringComparison.Ordinal);
        Assert.DoesNotContain("portal-proxy", cookie, StringComparison.Ordinal);
        Assert.DoesNotContain(".AspNetCore.", cookie, StringComparison.Ordinal);
        Assert.Matches("^token [0-9a-f]{64}$", headers["authorization"]);
        Assert.Equal(fixture.Factory.ProxyAddress.Authority, headers["host"]);
        Assert.Equal("127.0.0.1", headers["x-forwarded-for"]);
        Assert.Equal(app.TrimEnd('/'), headers["x-forwarded-prefix"]);
    }

    [Fact]
    public async Task Echo_CookiesOfTheAppPassAndThePortalsAreDroppedBothWays()
    {
        using var browser = await fixture.SignedInBrowserAsync(fixture.Alice);
        var app = await browser.OpenAsync(fixture.EchoId, ProxyContainers.EchoPort);
        using var request = new HttpRequestMessage(HttpMethod.Get, browser.Proxy(app));
        // A large sign-in is split into portal.authC1, C2, ...; names are matched whatever their case.
        request.Headers.Add("Cookie", "app-cookie=kept; .AspNetCore.Antiforgery.x=secret; portal.authC1=secret; PORTAL.AUTH=secret");

        using var response = await browser.Client.SendAsync(request);

        var headers = Headers(await response.Content.ReadFromJsonAsync<JsonElement>());
        var cookie = headers["cookie"];
        Assert.Contains("app-cookie=kept", cookie, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", cookie, StringComparison.Ordinal);
        // The app may set its own cookies, never one named like the portal's sign-in.
        var setCookies = response.Headers.GetValues("Set-Cookie").ToList();
        Assert.Contains(setCookies, c => c.StartsWith("app-cookie=", StringComparison.Ordinal));
        Assert.DoesNotContain(setCookies, c => c.StartsWith("portal.auth=", StringComparison.Ordinal));
        Assert.False(response.Headers.Contains("Service-Worker-Allowed"));
    }

    [Fact]
    public async Task LargeUpload_Owner_ReachesTheAppWhole()
    {
        using var browser = await fixture.SignedInBrowserAsync(fixture.Alice);
        var app = await browser.OpenAsync(fixture.EchoId, ProxyContainers.EchoPort);
        const int size = 64 * 1024 * 1024;

        using var response = await browser.Client.PostAsync(browser.Proxy(app + "upload"), new ByteArrayContent(new byte[size]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(size, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("bodyLength").GetInt32());
    }

    [Fact]
    public async Task ProxyPath_AnotherMember_Gets404AtThePortalAndAtTheProxy()
    {
        using var bob = await fixture.SignedInBrowserAsync(fixture.Bob);

        using var open = await bob.Client.GetAsync(bob.Portal($"/containers/{fixture.EchoId}/open/{ProxyContainers.EchoPort}"));
        using var direct = await bob.Client.GetAsync(bob.Proxy(EchoPath));

        Assert.Equal(HttpStatusCode.NotFound, open.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, direct.StatusCode);
    }

    [Fact]
    public async Task ProxyCookie_ForOnePort_DoesNotOpenAnother()
    {
        using var alice = await fixture.SignedInBrowserAsync(fixture.Alice);
        var echo = (await alice.OpenAsync(fixture.EchoId, ProxyContainers.EchoPort)).TrimEnd('/');
        var notebook = $"/{fixture.NotebookId[..12]}/{ProxyContainers.NotebookPort}/";
        using var request = new HttpRequestMessage(HttpMethod.Get, alice.Proxy(notebook));
        request.Headers.Add("Cookie", "portal-proxy=" + alice.ProxyCookie(echo));
        using var client = new HttpClient();

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task ProxyPath_Anonymous_Gets404AndOpenAsksToSignIn()
    {
        using var anonymous = new ProxyBrowser(fixture.Factory);

        using var direct = await anonymous.Client.GetAsync(anonymous.Proxy(EchoPath));
        using var open = await anonymous.Client.GetAsync(anonymous.Portal($"/containers/{fixture.EchoId}/open/{ProxyContainers.EchoPort}"));

        Assert.Equal(HttpStatusCode.NotFound, direct.StatusCode);
        Assert.Contains("Not found", await direct.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, open.StatusCode);
        Assert.Equal("/account/login", new Uri(anonymous.Portal("/"), open.Headers.Location!).AbsolutePath);
    }

    [Fact]
    public async Task Open_Admin_GetsThroughAndItIsAudited()
    {
        using var admin = await fixture.SignedInBrowserAsync(PortalAppFactory.AdminUserName);

        var app = await admin.OpenAsync(fixture.EchoId, ProxyContainers.EchoPort);
        using var response = await admin.Client.GetAsync(admin.Proxy(app));
        using var audit = await admin.Client.GetAsync(admin.Portal("/api/v1/audit?action=proxy.open"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"{fixture.Alice}/", await audit.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_AdminDemotedBeforeEntering_GetsNothingOfAnotherMembersApp()
    {
        var formerAdmin = await fixture.Factory.CreateUserAsync("exadmin", PortalRoles.Admin);
        using var browser = await fixture.SignedInBrowserAsync(formerAdmin);
        var ticket = await browser.GetTicketUrlAsync(fixture.EchoId, ProxyContainers.EchoPort);
        var demoted = await fixture.Factory.Accounts.SetRoleAsync(PortalAppFactory.AdminUserName, formerAdmin, PortalRoles.Member, TestTimeout.Token()).WithTimeout();
        Assert.True(demoted.Succeeded);

        // The ticket still enters (it was issued fairly), but what it grants is re-read: a member's view of Alice's app.
        using var entered = await browser.Client.GetAsync(ticket);
        using var app = await browser.Client.GetAsync(browser.Proxy(EchoPath));

        Assert.Equal(HttpStatusCode.SeeOther, entered.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, app.StatusCode);
    }

    [Fact]
    public async Task Ticket_UsedTwice_SecondTimeIsRefused()
    {
        using var browser = await fixture.SignedInBrowserAsync(fixture.Alice);
        var ticket = await browser.GetTicketUrlAsync(fixture.EchoId, ProxyContainers.EchoPort);

        using var first = await browser.Client.GetAsync(ticket);
        using var second = await browser.Client.GetAsync(ticket);

        Assert.Equal(HttpStatusCode.SeeOther, first.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, second.StatusCode);
        Assert.Contains("This link has expired", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ticket_FromAnAppOnTheProxysOriginOrAnotherSite_IsRefusedAndStaysUnused()
    {
        using var browser = await fixture.SignedInBrowserAsync(fixture.Alice);
        var ticket = await browser.GetTicketUrlAsync(fixture.EchoId, ProxyContainers.EchoPort);

        using var fromApp = new HttpRequestMessage(HttpMethod.Get, ticket);
        fromApp.Headers.Add("Sec-Fetch-Site", "same-origin");
        using var refusedFromApp = await browser.Client.SendAsync(fromApp);
        using var fromElsewhere = new HttpRequestMessage(HttpMethod.Get, ticket);
        fromElsewhere.Headers.Add("Sec-Fetch-Site", "cross-site");
        using var refusedFromElsewhere = await browser.Client.SendAsync(fromElsewhere);
        using var fromPortal = new HttpRequestMessage(HttpMethod.Get, ticket);
        fromPortal.Headers.Add("Sec-Fetch-Site", "same-site");
        using var entered = await browser.Client.SendAsync(fromPortal);

        Assert.Equal(HttpStatusCode.Forbidden, refusedFromApp.StatusCode);
        Assert.Contains("Open apps from the portal", await refusedFromApp.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, refusedFromElsewhere.StatusCode);
        Assert.Equal(HttpStatusCode.SeeOther, entered.StatusCode);
    }

    [Fact]
    public async Task ServiceWorker_ScriptRequestIsRefused_AndNoAppWidensAScope()
    {
        using var browser = await fixture.SignedInBrowserAsync(fixture.Alice);
        var app = await browser.OpenAsync(fixture.EchoId, ProxyContainers.EchoPort);
        using var register = new HttpRequestMessage(HttpMethod.Get, browser.Proxy(app + "sw.js"));
        register.Headers.Add("Service-Worker", "script");

        using var refused = await browser.Client.SendAsync(register);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("Service workers are not allowed here", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PagesThatActOnLoad_LinkedFromTheProxysOriginOrAnotherSite_AreRefused()
    {
        using var browser = await fixture.SignedInBrowserAsync(fixture.Alice);
        var shortId = fixture.EchoId[..12];
        var responses = new List<HttpResponseMessage>();
        foreach (var path in new[] { $"/containers/{shortId}/terminal?command=id", $"/containers/{shortId}/open/{ProxyContainers.EchoPort}" })
        {
            foreach (var site in new[] { "same-site", "cross-site" })
            {
                using var link = new HttpRequestMessage(HttpMethod.Get, browser.Portal(path));
                link.Headers.Add("Sec-Fetch-Site", site);
                link.Headers.Add("Sec-Fetch-Mode", "navigate");
                link.Headers.Add("Sec-Fetch-Dest", "document");
                responses.Add(await browser.Client.SendAsync(link));
            }
        }

        try
        {
            foreach (var response in responses)
            {
                // A person followed the link: they get a page that says what to do, not a problem document.
                Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
                Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
                Assert.Contains("Open this from the portal", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
        }
        finally
        {
            responses.ForEach(r => r.Dispose());
        }
    }

    [Fact]
    public async Task PortalApi_OnlyTheProxysCookie_IsNotSignedIn()
    {
        using var browser = await fixture.SignedInBrowserAsync(fixture.Alice);
        var app = await browser.OpenAsync(fixture.EchoId, ProxyContainers.EchoPort);
        using var request = new HttpRequestMessage(HttpMethod.Get, browser.Portal("/api/v1/me"));
        request.Headers.Add("Cookie", "portal-proxy=" + browser.ProxyCookie(app.TrimEnd('/')));
        request.Headers.Add("Cookie", "portal.auth=" + browser.ProxyCookie(app.TrimEnd('/')));

        using var client = new HttpClient();

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task PortalApi_SignedInBrowserCalledFromTheProxysOrigin_IsRefused()
    {
        using var browser = await fixture.SignedInBrowserAsync(fixture.Alice);
        var proxyOrigin = fixture.Factory.ProxyAddress.GetLeftPart(UriPartial.Authority);

        using var fromPortal = await browser.Client.GetAsync(browser.Portal("/api/v1/me"));
        using var fetch = new HttpRequestMessage(HttpMethod.Get, browser.Portal("/api/v1/me"));
        fetch.Headers.Add("Origin", proxyOrigin);
        fetch.Headers.Add("Sec-Fetch-Site", "same-site");
        fetch.Headers.Add("Sec-Fetch-Mode", "cors");
        using var fetched = await browser.Client.SendAsync(fetch);
        using var form = new HttpRequestMessage(HttpMethod.Post, browser.Portal("/api/v1/containers"));
        form.Headers.Referrer = browser.Proxy(EchoPath);
        form.Content = JsonContent.Create(new { name = "from-proxy", image = "portal/shell:latest" });
        using var posted = await browser.Client.SendAsync(form);
        using var link = new HttpRequestMessage(HttpMethod.Get, browser.Portal("/containers"));
        link.Headers.Add("Sec-Fetch-Site", "same-site");
        link.Headers.Add("Sec-Fetch-Mode", "navigate");
        link.Headers.Add("Sec-Fetch-Dest", "document");
        using var navigated = await browser.Client.SendAsync(link);

        Assert.Equal(HttpStatusCode.OK, fromPortal.StatusCode);
        await fetched.AssertProblemAsync(HttpStatusCode.Forbidden, "cross-origin");
        await posted.AssertProblemAsync(HttpStatusCode.Forbidden, "cross-origin");
        Assert.Equal(HttpStatusCode.OK, navigated.StatusCode);
    }

    [Fact]
    public async Task ProxyOrigin_ServesNoneOfThePortal()
    {
        using var browser = await fixture.SignedInBrowserAsync(fixture.Alice);

        using var api = await browser.Client.GetAsync(browser.Proxy("/api/v1/me"));
        using var login = await browser.Client.GetAsync(browser.Proxy("/account/login"));
        using var health = await browser.Client.GetAsync(browser.Proxy("/healthz"));

        Assert.All([api, login, health], response => Assert.Equal(HttpStatusCode.NotFound, response.StatusCode));
        Assert.Equal("text/html", api.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task ProxyPath_FullId_RedirectsToTheShortOne()
    {
        using var browser = await fixture.SignedInBrowserAsync(fixture.Alice);

        using var response = await browser.Client.GetAsync(browser.Proxy($"/{fixture.EchoId}/{ProxyContainers.EchoPort}/a?b=c"));

        Assert.Equal(HttpStatusCode.PermanentRedirect, response.StatusCode);
        Assert.Equal(EchoPath + "a?b=c", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task ProxyPath_ContainerNotRunning_ShowsAPageSayingSo()
    {
        using var browser = await fixture.SignedInBrowserAsync(fixture.Alice);
        var app = await browser.OpenAsync(fixture.ExitedId, ProxyContainers.EchoPort);

        using var response = await browser.Client.GetAsync(browser.Proxy(app));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("is not running", html, StringComparison.Ordinal);
        Assert.Contains("Back to the portal", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProxyPath_PortNotPublished_ShowsAPageNamingThePublishedOnes()
    {
        using var browser = await fixture.SignedInBrowserAsync(fixture.Alice);
        var app = await browser.OpenAsync(fixture.EchoId, 9999);

        using var response = await browser.Client.GetAsync(browser.Proxy(app));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("does not publish port 9999", html, StringComparison.Ordinal);
        Assert.Contains("It publishes 8000.", html, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Headers(JsonElement echo) =>
        echo.GetProperty("headers").EnumerateArray()
            .GroupBy(pair => pair[0].GetString()!.ToLowerInvariant())
            .ToDictionary(group => group.Key, group => string.Join("; ", group.Select(pair => pair[1].GetString())));
}
