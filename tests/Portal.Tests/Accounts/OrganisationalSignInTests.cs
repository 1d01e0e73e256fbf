using System.Net;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.DependencyInjection;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Accounts;

/// <summary>Organisational (Entra ID) sign-in is offered only when <c>AzureAd:ClientId</c> is configured.</summary>
public sealed class OrganisationalSignInTests
{
    private static readonly Dictionary<string, string?> AzureAd = new()
    {
        ["AzureAd:Instance"] = "https://login.microsoftonline.com/",
        ["AzureAd:TenantId"] = "11111111-2222-3333-4444-555555555555",
        ["AzureAd:ClientId"] = "66666666-7777-8888-9999-000000000000",
        ["AzureAd:CallbackPath"] = "/signin-oidc",
    };

    [Fact]
    public async Task Schemes_ClientIdConfigured_RegistersOpenIdConnectAndOffersTheButton()
    {
        await using var factory = new PortalAppFactory(AzureAd);
        var schemes = factory.Services.GetRequiredService<IAuthenticationSchemeProvider>();

        var scheme = await schemes.GetSchemeAsync(OpenIdConnectDefaults.AuthenticationScheme).WithTimeout();

        Assert.NotNull(scheme);
        Assert.Equal("Organisation", scheme.DisplayName);
        Assert.NotNull(await LoginPageButtonAsync(factory));
    }

    [Fact]
    public async Task Schemes_NoClientId_RegistersNoOpenIdConnectAndHidesTheButton()
    {
        await using var factory = new PortalAppFactory(new Dictionary<string, string?> { ["AzureAd:ClientId"] = string.Empty });
        var schemes = factory.Services.GetRequiredService<IAuthenticationSchemeProvider>();

        var scheme = await schemes.GetSchemeAsync(OpenIdConnectDefaults.AuthenticationScheme).WithTimeout();

        Assert.Null(scheme);
        Assert.NotNull(await schemes.GetSchemeAsync("PortalToken").WithTimeout());
        Assert.Null(await LoginPageButtonAsync(factory));
    }

    private static async Task<string?> LoginPageButtonAsync(PortalAppFactory factory)
    {
        using var browser = factory.CreateBrowserClient();
        using var page = await browser.GetAsync("/account/login");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var document = new HtmlParser().ParseDocument(await page.Content.ReadAsStringAsync());
        return document.QuerySelector("[data-testid=login-organisation]")?.GetAttribute("href");
    }
}
