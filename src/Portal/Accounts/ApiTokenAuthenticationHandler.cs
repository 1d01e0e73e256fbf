using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Portal.Data.Entities;

namespace Portal.Accounts;

/// <summary>
/// Authenticates <c>Authorization: Bearer ptl_...</c> with a portal API token. Hubs (<c>/hubs/...</c>) also take it as
/// <c>?access_token=</c>, since a browser's WebSocket cannot send headers; nowhere else, so tokens stay out of the
/// URLs of ordinary requests.
/// </summary>
internal sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiTokenService tokens,
    UserManager<PortalUser> userManager,
    IUserClaimsPrincipalFactory<PortalUser> principalFactory)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string HubPathPrefix = "/hubs";

    public const string QueryTokenName = "access_token";

    /// <summary>Whether the request carries an API token (where this handler, not the cookie, should answer).</summary>
    public static bool CarriesToken(HttpRequest request) => ReadToken(request) is not null;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (ReadToken(Request) is not { } token)
        {
            return AuthenticateResult.NoResult();
        }

        var user = await tokens.FindUserAsync(token, Context.RequestAborted);
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

    private static string? ReadToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header["Bearer ".Length..].Trim();
        }

        return request.Path.StartsWithSegments(HubPathPrefix) && request.Query[QueryTokenName].ToString() is { Length: > 0 } query
            ? query
            : null;
    }
}
