using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Portal.Data.Entities;

namespace Portal.Accounts;

/// <summary>The account endpoints that are not pages: sign-out and the organisational sign-in round trip.</summary>
internal static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var account = endpoints.MapGroup("/account").ExcludeFromDescription();

        // A form post with antiforgery (validated automatically for [FromForm] endpoints), never a GET link.
        account.MapPost("/logout", async (SignInManager<PortalUser> signIn, [FromForm] string? returnUrl) =>
        {
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect("/account/login");
        });

        // Without organisational sign-in configured there is no OpenID Connect handler to challenge.
        if (!AccountsServiceCollectionExtensions.IsOrganisationalSignInConfigured(endpoints.ServiceProvider.GetRequiredService<IConfiguration>()))
        {
            return endpoints;
        }

        account.MapGet("/external-login", (HttpContext context, [FromQuery] string? returnUrl) =>
        {
            var properties = new AuthenticationProperties { RedirectUri = "/account/external-callback?returnUrl=" + Uri.EscapeDataString(SafeReturnUrl(returnUrl)) };
            return TypedResults.Challenge(properties, [OpenIdConnectDefaults.AuthenticationScheme]);
        });

        account.MapGet("/external-callback", async (
            HttpContext context,
            ExternalUserMapper mapper,
            SignInManager<PortalUser> signIn,
            UserManager<PortalUser> users,
            TimeProvider timeProvider,
            [FromQuery] string? returnUrl) =>
        {
            var external = await context.AuthenticateAsync(IdentityConstants.ExternalScheme);
            await context.SignOutAsync(IdentityConstants.ExternalScheme);
            if (!external.Succeeded || external.Principal is null)
            {
                return Results.LocalRedirect("/account/login?error=" + Uri.EscapeDataString("The organisational sign-in did not complete. Try again."));
            }

            var mapping = await mapper.MapAsync(external.Principal, context.RequestAborted);
            if (mapping.User is null)
            {
                return Results.LocalRedirect("/account/login?error=" + Uri.EscapeDataString(mapping.Error ?? "Sign-in refused."));
            }

            var user = await users.FindByIdAsync(mapping.User.Id);
            if (user is null || !await signIn.CanSignInAsync(user))
            {
                return Results.LocalRedirect("/account/login?error=" + Uri.EscapeDataString("Your portal account is disabled. Ask an admin to enable it."));
            }

            user.LastSignInAt = timeProvider.GetUtcNow();
            await users.UpdateAsync(user);
            await signIn.SignInAsync(user, isPersistent: false, PortalAuthentication.OrganisationalProvider);
            return Results.LocalRedirect(SafeReturnUrl(returnUrl));
        });

        return endpoints;
    }

    /// <summary>Only local paths, so a crafted link cannot send a signed-in user to another site.</summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            ? returnUrl
            : "/";
}
