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

    public bool IsReserved(ReadOnlySpan<char> name) =>
        name.Equals(ProxyCookie, StringComparison.Ordinal)
        || name.Equals(_signInCookie, StringComparison.Ordinal)
        || name.StartsWith(FrameworkPrefix, StringComparison.Ordinal);
}
