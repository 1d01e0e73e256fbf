using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Accounts;

/// <summary>Signing in through the real login page, as a browser does, and using the cookie on the API.</summary>
public sealed class CookieLoginTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task LoginForm_RightPassword_SetsACookieThatAuthenticatesTheApi()
    {
        using var browser = factory.CreateBrowserClient();

        using var response = await SignInAsync(browser, PortalAppFactory.AdminUserName, PortalAppFactory.AdminPassword);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", RedirectTarget(browser, response));
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), cookie => cookie.StartsWith("portal.auth=", StringComparison.Ordinal));
        using var me = await browser.GetAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        var body = await me.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(PortalAppFactory.AdminUserName, body.GetProperty("userName").GetString());
        Assert.Equal("Admin", body.GetProperty("role").GetString());
    }

    [Fact]
    public async Task LoginForm_ReturnUrl_RedirectsThere()
    {
        using var browser = factory.CreateBrowserClient();

        using var response = await SignInAsync(browser, PortalAppFactory.AdminUserName, PortalAppFactory.AdminPassword, "/gpus");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/gpus", RedirectTarget(browser, response));
    }

    [Fact]
    public async Task LoginForm_WrongPassword_ShowsTheErrorAndSetsNoCookie()
    {
        var member = await factory.CreateUserAsync("cookie");
        using var browser = factory.CreateBrowserClient();

        using var response = await SignInAsync(browser, member, "not-the-password");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        Assert.Contains("Wrong user name or password.", page.QuerySelector("[data-testid=login-error]")?.TextContent);
        using var me = await browser.GetAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
    }

    [Fact]
    public async Task AdminApi_MemberCookie_Returns403ProblemDetails()
    {
        var member = await factory.CreateUserAsync("cookie");
        using var browser = factory.CreateBrowserClient();
        using (var signIn = await SignInAsync(browser, member, ApiClientExtensions.MemberPassword))
        {
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        }

        using var me = await browser.GetAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        using var users = await browser.GetAsync("/api/v1/users");

        await users.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task ProtectedPage_Anonymous_RedirectsToLogin()
    {
        using var browser = factory.CreateBrowserClient();

        using var response = await browser.GetAsync("/containers");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login?returnUrl=%2Fcontainers", RedirectTarget(browser, response), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Where a redirect goes, as a path; it must stay on the portal.</summary>
    private static string RedirectTarget(HttpClient browser, HttpResponseMessage response)
    {
        var target = new Uri(browser.BaseAddress!, response.Headers.Location!);
        Assert.Equal(browser.BaseAddress!.Authority, target.Authority);
        return target.PathAndQuery;
    }

    /// <summary>GETs the login page, then posts its form with the antiforgery token from the HTML, as a browser does.</summary>
    private static async Task<HttpResponseMessage> SignInAsync(HttpClient browser, string userName, string password, string? returnUrl = null)
    {
        var loginUrl = returnUrl is null ? "/account/login" : "/account/login?returnUrl=" + Uri.EscapeDataString(returnUrl);
        using var page = await browser.GetAsync(loginUrl);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var document = new HtmlParser().ParseDocument(await page.Content.ReadAsStringAsync());
        var form = document.QuerySelector("form[data-testid=login-form]");
        Assert.NotNull(form);
        var antiforgery = form.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value");
        Assert.False(string.IsNullOrEmpty(antiforgery), "The login form has no antiforgery token.");
        Assert.Equal("login", form.QuerySelector("input[name=_handler]")?.GetAttribute("value"));

        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = antiforgery,
            ["Input.UserName"] = userName,
            ["Input.Password"] = password,
        });
        return await browser.PostAsync(loginUrl, content);
    }
}
