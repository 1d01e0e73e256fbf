using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Portal.Accounts;
using Portal.Data.Entities;

namespace Portal.Api;

internal static class MeApi
{
    public static RouteGroupBuilder MapMeApi(this RouteGroupBuilder api)
    {
        var me = api.MapGroup("/me").RequireAuthorization().WithTags("Me");
        me.MapGet("/", async (ClaimsPrincipal principal, UserAccountService accounts, CancellationToken cancellationToken) =>
                await accounts.FindAsync(principal.Identity?.Name ?? string.Empty, cancellationToken) is { } user
                    ? Results.Ok(UserResponse.From(user))
                    : ApiProblems.NotFound("Your user no longer exists."))
            .WithSummary("Returns the signed-in user and role.");

        me.MapGet("/tokens", async (ClaimsPrincipal principal, UserManager<PortalUser> users, ApiTokenService tokens, CancellationToken cancellationToken) =>
            {
                var userId = users.GetUserId(principal)!;
                var list = await tokens.ListAsync(userId, cancellationToken);
                return TypedResults.Ok(list.Select(t => new ApiTokenResponse(t.Id, t.Name, t.Prefix, t.CreatedAt, t.ExpiresAt, t.LastUsedAt, t.RevokedAt is not null)));
            })
            .WithSummary("Lists the signed-in user's API tokens (never their secrets).");

        me.MapDelete("/tokens/{id:guid}", async (Guid id, ClaimsPrincipal principal, UserManager<PortalUser> users, ApiTokenService tokens, CancellationToken cancellationToken) =>
                await tokens.RevokeAsync(principal.RequireUserName(), users.GetUserId(principal)!, id, cancellationToken)
                    ? Results.NoContent()
                    : ApiProblems.NotFound("You have no token with that id."))
            .WithSummary("Revokes one of the signed-in user's API tokens.");
        return api;
    }
}
