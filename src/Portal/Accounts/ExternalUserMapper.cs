using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Portal.Configuration;
using Portal.Data.Entities;

namespace Portal.Accounts;

/// <summary>
/// Maps a person signed in with their organisation (Entra ID) to a portal user: the same person always gets the
/// same user, found by tenant and object id; a first sign-in creates a Member. An existing local account is
/// never taken over by name: a new, unique name is chosen instead, so nobody gains another's containers.
/// </summary>
public sealed class ExternalUserMapper(IServiceScopeFactory scopeFactory, TimeProvider timeProvider)
{
    private const string ObjectIdClaim = "http://schemas.microsoft.com/identity/claims/objectidentifier";
    private const string TenantIdClaim = "http://schemas.microsoft.com/identity/claims/tenantid";

    public async Task<ExternalMappingResult> MapAsync(ClaimsPrincipal external, CancellationToken cancellationToken)
    {
        var objectId = external.FindFirstValue(ObjectIdClaim) ?? external.FindFirstValue("oid") ?? external.FindFirstValue(ClaimTypes.NameIdentifier);
        var tenantId = external.FindFirstValue(TenantIdClaim) ?? external.FindFirstValue("tid") ?? "common";
        if (string.IsNullOrEmpty(objectId))
        {
            return ExternalMappingResult.Refused("The organisational sign-in did not say who you are (no object id claim).");
        }

        var providerKey = $"{tenantId}/{objectId}";
        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = await users.FindByLoginAsync(PortalAuthentication.OrganisationalProvider, providerKey);
        if (user is not null)
        {
            return user.IsDisabled
                ? ExternalMappingResult.Refused("Your portal account is disabled. Ask an admin to enable it.")
                : ExternalMappingResult.Mapped(user, created: false);
        }

        var preferred = external.FindFirstValue("preferred_username") ?? external.FindFirstValue(ClaimTypes.Upn)
            ?? external.FindFirstValue(ClaimTypes.Email) ?? external.FindFirstValue(ClaimTypes.Name) ?? "user";
        var userName = await UniqueUserNameAsync(users, ProposeUserName(preferred));
        user = new PortalUser
        {
            UserName = userName,
            DisplayName = external.FindFirstValue("name") ?? external.FindFirstValue(ClaimTypes.GivenName) ?? preferred,
            Email = external.FindFirstValue(ClaimTypes.Email) ?? (preferred.Contains('@', StringComparison.Ordinal) ? preferred : null),
            CreatedAt = timeProvider.GetUtcNow(),
            LockoutEnabled = true,
        };
        var created = await users.CreateAsync(user);
        if (!created.Succeeded)
        {
            return ExternalMappingResult.Refused($"Your portal account could not be created: {string.Join(" ", created.Errors.Select(e => e.Description))}");
        }

        await users.AddToRoleAsync(user, PortalRoles.Member);
        await users.AddLoginAsync(user, new UserLoginInfo(PortalAuthentication.OrganisationalProvider, providerKey, "Organisation"));
        return ExternalMappingResult.Mapped(user, created: true);
    }

    /// <summary>Turns <c>Ada.Lovelace@lab.example</c> into <c>ada.lovelace</c>: the part before '@', reduced to the allowed characters.</summary>
    public static string ProposeUserName(string preferred)
    {
        var local = preferred.Split('@')[0].ToLowerInvariant();
        var chars = local.Where(c => UserNameRules.AllowedCharacters.Contains(c)).ToArray();
        var name = new string(chars).TrimStart('.', '_', '-');
        if (name.Length > UserNameRules.MaximumLength - 3)
        {
            name = name[..(UserNameRules.MaximumLength - 3)];
        }

        return name.Length < 2 ? "user" : name;
    }

    private static async Task<string> UniqueUserNameAsync(UserManager<PortalUser> users, string proposed)
    {
        var candidate = proposed;
        for (var suffix = 2; await users.FindByNameAsync(candidate) is not null; suffix++)
        {
            candidate = $"{proposed}-{suffix}";
        }

        return candidate;
    }
}
