using System.Security.Claims;

namespace Portal.Accounts;

/// <summary>Who is acting, for the audit log.</summary>
public static class ClaimsPrincipalExtensions
{
    /// <summary>
    /// The signed-in user's name. Everything that changes state requires sign-in, so a principal without a name
    /// here is a wiring bug, and an audit record must never be written for nobody.
    /// </summary>
    public static string RequireUserName(this ClaimsPrincipal principal) =>
        principal.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name }
            ? name
            : throw new InvalidOperationException("There is no signed-in user to act as.");
}
