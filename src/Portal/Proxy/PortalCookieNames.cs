using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Portal.Proxy;

/// <summary>
/// Cookies the portal owns. Browsers scope cookies by host, not port, so the portal's cookies reach the proxy's
/// origin too; these names are taken out of every request to a container, and out of every cookie a container tries
/// to set, so an app can neither read a sign-in nor plant one for the portal.
/// </summary>
public sealed class PortalCookieNames
{
    /// <summary>The proxy's own cookie (a grant for one container port).</summary>
    public const string ProxyCookie = "portal-proxy";

    // Identity's external and two-factor cookies, antiforgery tokens: everything ASP.NET Core names by default.
    private const string FrameworkPrefix = ".AspNetCore.";

    private readonly string _signInCookie;

    public PortalCookieNames(IOptionsMonitor<CookieAuthenticationOptions> cookies)
    {
        _signInCookie = cookies.Get(IdentityConstants.ApplicationScheme).Cookie.Name ?? FrameworkPrefix + "Identity.Application";
    }

    /// <summary>
    /// Case does not matter (ASP.NET Core reads request cookies case-insensitively), and the sign-in cookie's whole
    /// family is reserved: the chunking cookie manager splits a large sign-in into <c>name</c>, <c>nameC1</c>, ....
    /// </summary>
    public bool IsReserved(ReadOnlySpan<char> name) =>
        name.Equals(ProxyCookie, StringComparison.OrdinalIgnoreCase)
        || name.StartsWith(_signInCookie, StringComparison.OrdinalIgnoreCase)
        || name.StartsWith(FrameworkPrefix, StringComparison.OrdinalIgnoreCase);
}
