using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Configuration;
using Portal.Data.Entities;
using Portal.Engine.Audit;

namespace Portal.Accounts;

/// <summary>
/// User administration shared by the Admin pages and the HTTP API. A singleton that opens a scope per call,
/// so a Blazor circuit that lives for hours never holds a DbContext. Every change is audited here, refusals
/// included, with the acting admin's name, so neither the pages nor the API can forget to.
/// </summary>
public sealed class UserAccountService(IServiceScopeFactory scopeFactory, IAuditLog audit, TimeProvider timeProvider)
{
    public async Task<IReadOnlyList<UserSummary>> ListAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var admins = (await users.GetUsersInRoleAsync(PortalRoles.Admin)).Select(u => u.Id).ToHashSet();
        var all = await users.Users.AsNoTracking().OrderBy(u => u.UserName).ToListAsync(cancellationToken);
        var organisational = await OrganisationalUserIdsAsync(scope.ServiceProvider, cancellationToken);
        return all.Select(u => ToSummary(u, admins.Contains(u.Id) ? PortalRoles.Admin : PortalRoles.Member, organisational.Contains(u.Id))).ToList();
    }

    public async Task<UserSummary?> FindAsync(string userName, CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = await users.FindByNameAsync(userName);
        return user is null ? null : await SummarizeAsync(scope.ServiceProvider, users, user, cancellationToken);
    }

    /// <param name="actor">Who creates the user, for the audit log.</param>
    public Task<UserOperationResult> CreateAsync(string actor, string? userName, string? password, string? role, string? displayName, CancellationToken cancellationToken) =>
        AuditedAsync(actor, "user.create", userName, () => CreateCoreAsync(userName, password, role, displayName, cancellationToken));

    private async Task<UserOperationResult> CreateCoreAsync(string? userName, string? password, string? role, string? displayName, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var normalizedRole = PortalRoles.Normalize(role ?? PortalRoles.Member);
        if (!UserNameRules.IsValid(userName))
        {
            errors["userName"] = [$"A user name has {UserNameRules.Description}."];
        }

        if (normalizedRole is null)
        {
            errors["role"] = [$"Role must be {string.Join(" or ", PortalRoles.All)}."];
        }

        if (string.IsNullOrEmpty(password))
        {
            errors["password"] = ["A password is required."];
        }

        if (errors.Count > 0)
        {
            return UserOperationResult.Failure(UserErrorCodes.InvalidRequest, "The user could not be created; see the errors.", errors);
        }

        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        if (await users.FindByNameAsync(userName!) is not null)
        {
            return UserOperationResult.Failure(UserErrorCodes.NameTaken, $"The user name '{userName}' is taken.");
        }

        var user = new PortalUser
        {
            UserName = userName,
            DisplayName = string.IsNullOrWhiteSpace(displayName) ? null : displayName.Trim(),
            CreatedAt = timeProvider.GetUtcNow(),
            LockoutEnabled = true,
        };
        var created = await users.CreateAsync(user, password!);
        if (!created.Succeeded)
        {
            return FromIdentityErrors(created, "The user could not be created");
        }

        await users.AddToRoleAsync(user, normalizedRole!);
        return UserOperationResult.Success(await SummarizeAsync(scope.ServiceProvider, users, user, cancellationToken));
    }

    /// <summary>Disables or enables a user. Disabling signs them out everywhere (the security stamp changes).</summary>
    /// <param name="actor">Who makes the change, for the audit log.</param>
    public Task<UserOperationResult> SetDisabledAsync(string actor, string userName, bool disabled, CancellationToken cancellationToken) =>
        ChangeAsync(actor, disabled ? "user.disable" : "user.enable", userName, cancellationToken, async (users, user) =>
        {
            if (disabled && await IsLastEnabledAdminAsync(users, user))
            {
                return UserOperationResult.Failure(UserErrorCodes.LastAdmin, $"'{userName}' is the last enabled admin; make another admin first.");
            }

            user.IsDisabled = disabled;
            await users.UpdateAsync(user);
            await users.UpdateSecurityStampAsync(user);
            return null;
        });

    /// <summary>Sets a new password and lifts a lockout, as an admin does for a user who forgot theirs.</summary>
    /// <param name="actor">Who makes the change, for the audit log (the password never is).</param>
    public Task<UserOperationResult> ResetPasswordAsync(string actor, string userName, string newPassword, CancellationToken cancellationToken) =>
        ChangeAsync(actor, "user.reset-password", userName, cancellationToken, async (users, user) =>
        {
            var token = await users.GeneratePasswordResetTokenAsync(user);
            var reset = await users.ResetPasswordAsync(user, token, newPassword);
            if (!reset.Succeeded)
            {
                return FromIdentityErrors(reset, "The password was not changed");
            }

            await users.SetLockoutEndDateAsync(user, null);
            await users.ResetAccessFailedCountAsync(user);
            return null;
        });

    /// <param name="actor">Who makes the change, for the audit log.</param>
    public Task<UserOperationResult> SetRoleAsync(string actor, string userName, string role, CancellationToken cancellationToken) =>
        ChangeAsync(actor, "user.role", userName, cancellationToken, async (users, user) =>
        {
            var normalized = PortalRoles.Normalize(role);
            if (normalized is null)
            {
                return UserOperationResult.Failure(
                    UserErrorCodes.InvalidRequest,
                    "Unknown role.",
                    new Dictionary<string, string[]> { ["role"] = [$"Role must be {string.Join(" or ", PortalRoles.All)}."] });
            }

            if (normalized != PortalRoles.Admin && await IsLastEnabledAdminAsync(users, user))
            {
                return UserOperationResult.Failure(UserErrorCodes.LastAdmin, $"'{userName}' is the last enabled admin; make another admin first.");
            }

            var current = await users.GetRolesAsync(user);
            await users.RemoveFromRolesAsync(user, current);
            await users.AddToRoleAsync(user, normalized);
            await users.UpdateSecurityStampAsync(user);
            return null;
        });

    private Task<UserOperationResult> ChangeAsync(
        string actor,
        string action,
        string userName,
        CancellationToken cancellationToken,
        Func<UserManager<PortalUser>, PortalUser, Task<UserOperationResult?>> change) =>
        AuditedAsync(actor, action, userName, async () =>
        {
            await using var scope = scopeFactory.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var user = await users.FindByNameAsync(userName);
            if (user is null)
            {
                return UserOperationResult.NotFound(userName);
            }

            var failure = await change(users, user);
            return failure ?? UserOperationResult.Success(await SummarizeAsync(scope.ServiceProvider, users, user, cancellationToken));
        });

    /// <summary>Runs a change and audits how it ended: succeeded, refused (with the reason) or failed (and rethrown). A cancelled request is not a failure of the change.</summary>
    private async Task<UserOperationResult> AuditedAsync(string actor, string action, string? userName, Func<Task<UserOperationResult>> change)
    {
        var target = string.IsNullOrWhiteSpace(userName) ? "(none)" : userName;
        UserOperationResult result;
        try
        {
            result = await change();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await audit.WriteAsync(actor, action, target, AuditOutcome.Failed, ex.GetBaseException().Message, CancellationToken.None);
            throw;
        }

        await audit.WriteAsync(
            actor,
            action,
            target,
            result.Succeeded ? AuditOutcome.Succeeded : AuditOutcome.Refused,
            result.Succeeded ? SuccessDetail(action, result.User) : $"{result.Code}: {result.Message}",
            CancellationToken.None);
        return result;
    }

    private static string? SuccessDetail(string action, UserSummary? user) =>
        action is "user.create" or "user.role" && user is not null ? $"role {user.Role}" : null;

    private static async Task<bool> IsLastEnabledAdminAsync(UserManager<PortalUser> users, PortalUser user)
    {
        if (!await users.IsInRoleAsync(user, PortalRoles.Admin))
        {
            return false;
        }

        var admins = await users.GetUsersInRoleAsync(PortalRoles.Admin);
        return admins.Count(a => !a.IsDisabled) <= 1 && !user.IsDisabled;
    }

    private async Task<UserSummary> SummarizeAsync(IServiceProvider services, UserManager<PortalUser> users, PortalUser user, CancellationToken cancellationToken)
    {
        var role = await users.IsInRoleAsync(user, PortalRoles.Admin) ? PortalRoles.Admin : PortalRoles.Member;
        var organisational = await OrganisationalUserIdsAsync(services, cancellationToken);
        return ToSummary(user, role, organisational.Contains(user.Id));
    }

    private static async Task<HashSet<string>> OrganisationalUserIdsAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<Data.PortalDbContext>();
        var ids = await db.UserLogins.Where(l => l.LoginProvider == PortalAuthentication.OrganisationalProvider)
            .Select(l => l.UserId).ToListAsync(cancellationToken);
        return ids.ToHashSet();
    }

    private UserSummary ToSummary(PortalUser user, string role, bool organisational) => new(
        user.Id,
        user.UserName ?? string.Empty,
        user.DisplayName,
        user.Email,
        role,
        user.IsDisabled,
        user.LockoutEnd is { } end && end > timeProvider.GetUtcNow(),
        organisational,
        user.CreatedAt,
        user.LastSignInAt);

    private static UserOperationResult FromIdentityErrors(IdentityResult result, string what)
    {
        var errors = result.Errors
            .GroupBy(e => e.Code.Contains("Password", StringComparison.Ordinal) ? "password" : "userName")
            .ToDictionary(g => g.Key, g => g.Select(e => e.Description).ToArray());
        return UserOperationResult.Failure(UserErrorCodes.InvalidRequest, $"{what}: {string.Join(" ", result.Errors.Select(e => e.Description))}", errors);
    }
}
