using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Portal.Data.Entities;

namespace Portal.Accounts;

/// <summary>Authenticates <c>Authorization: Bearer ptl_...</c> with a portal API token.</summary>
internal sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiTokenService tokens,
    UserManager<PortalUser> userManager,
    IUserClaimsPrincipalFactory<PortalUser> principalFactory)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var user = await tokens.FindUserAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        if (user is null)
        {
            return AuthenticateResult.Fail("The API token is unknown, revoked or expired.");
        }

        if (user.IsDisabled || await userManager.IsLockedOutAsync(user))
        {
            return AuthenticateResult.Fail("The account is disabled or locked.");
        }

        var principal = await principalFactory.CreateAsync(user);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer realm=\"portal\"";
        return Task.CompletedTask;
    }
}
