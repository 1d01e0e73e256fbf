using System.Collections.Concurrent;
using Microsoft.AspNetCore.Identity;
using Portal.Data.Entities;

namespace Portal.Proxy;

/// <summary>
/// Re-checks the user a ticket or proxy cookie names, at most once a minute per user as open portal tabs are: a
/// disabled or deleted user loses their apps, and an admin who lost the role loses everyone else's, before the
/// proxy's cookie expires.
/// </summary>
internal sealed class ProxyUserCheck(IServiceScopeFactory scopeFactory, TimeProvider timeProvider)
{
    private static readonly TimeSpan RecheckInterval = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, UserStanding> _users = new(StringComparer.Ordinal);

    /// <summary>The grant as the user stands now: null when they may no longer sign in, without admin rights they lost.</summary>
    public async ValueTask<ProxyGrant?> ConfirmAsync(ProxyGrant grant, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        if (!_users.TryGetValue(grant.UserName, out var standing) || now - standing.CheckedAt > RecheckInterval)
        {
            standing = await ReadAsync(grant.UserName, now, cancellationToken);
            _users[grant.UserName] = standing;
        }

        if (!standing.MaySignIn)
        {
            return null;
        }

        return grant.IsAdmin && !standing.IsAdmin ? grant with { IsAdmin = false } : grant;
    }

    private async Task<UserStanding> ReadAsync(string userName, DateTimeOffset now, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = await users.FindByNameAsync(userName);
        if (user is null || user.IsDisabled)
        {
            return new UserStanding(false, false, now);
        }

        return new UserStanding(true, await users.IsInRoleAsync(user, PortalRoles.Admin), now);
    }

    private readonly record struct UserStanding(bool MaySignIn, bool IsAdmin, DateTimeOffset CheckedAt);
}
