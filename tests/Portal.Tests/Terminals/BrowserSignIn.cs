using System.Net;
using AngleSharp.Html.Parser;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Terminals;

/// <summary>Signs in through the real login form over TCP, as a browser does, and returns the cookies it set.</summary>
internal static class BrowserSignIn
{
    public static async Task<CookieContainer> SignInAsync(TerminalAppFactory factory, string userName, string password)
    {
        var cookies = new CookieContainer();
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false })
        {
            BaseAddress = factory.Address,
            Timeout = TestTimeout.Default,
        };
        using var page = await browser.GetAsync(new Uri("/account/login", UriKind.Relative));
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
        using var signedIn = await browser.PostAsync(new Uri("/account/login", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Contains(cookies.GetCookies(factory.Address), c => c.Name == "portal.auth");
        return cookies;
    }
}
