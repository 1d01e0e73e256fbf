using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Configuration;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Engine.Audit;

namespace Portal.Accounts;

/// <summary>
/// Issues, checks and revokes API tokens. Tokens are random; only their SHA-256 hash is stored. Issuing and
/// revoking are audited here (<c>token.issue</c>, <c>token.revoke</c>); refused sign-ins are audited by the caller,
/// which knows why.
/// </summary>
public sealed class ApiTokenService(IDbContextFactory<PortalDbContext> dbFactory, IOptions<PortalOptions> options, IAuditLog audit, TimeProvider timeProvider)
{
    /// <summary>Every token starts with this, so secret scanners and people recognise one.</summary>
    public const string TokenPrefix = "ptl_";

    /// <param name="actor">The user name of who asks (the token's owner), for the audit log.</param>
    /// <param name="userId">The token's owner.</param>
    /// <param name="name">A name that tells the owner's tokens apart, such as <c>laptop</c>.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<IssuedApiToken> IssueAsync(string actor, string userId, string name, CancellationToken cancellationToken)
    {
        var token = TokenPrefix + Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var now = timeProvider.GetUtcNow();
        var entity = new ApiToken
        {
            Id = Guid.NewGuid(),
            UserId = userId,
            Name = string.IsNullOrWhiteSpace(name) ? "api" : name.Trim()[..Math.Min(100, name.Trim().Length)],
            TokenHash = Hash(token),
            Prefix = token[..12],
            CreatedAt = now,
            ExpiresAt = now + options.Value.ApiTokenLifetime,
        };
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.ApiTokens.Add(entity);
        await db.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync(actor, "token.issue", Describe(entity), AuditOutcome.Succeeded, $"expires {entity.ExpiresAt:u}", CancellationToken.None);
        return new IssuedApiToken(entity.Id, token, entity.ExpiresAt);
    }

    /// <summary>Returns the active token's owner, or null for an unknown, revoked or expired token.</summary>
    public async Task<PortalUser?> FindUserAsync(string token, CancellationToken cancellationToken)
    {
        if (!token.StartsWith(TokenPrefix, StringComparison.Ordinal) || token.Length > 200)
        {
            return null;
        }

        var hash = Hash(token);
        var now = timeProvider.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var entity = await db.ApiTokens.Include(t => t.User).SingleOrDefaultAsync(t => t.TokenHash == hash, cancellationToken);
        if (entity is null || !entity.IsActiveAt(now) || entity.User is null)
        {
            return null;
        }

        // Recording use on every call would write on every request; once a minute is enough to show "last used".
        if (entity.LastUsedAt is null || now - entity.LastUsedAt > TimeSpan.FromMinutes(1))
        {
            entity.LastUsedAt = now;
            await db.SaveChangesAsync(cancellationToken);
        }

        return entity.User;
    }

    public async Task<IReadOnlyList<ApiToken>> ListAsync(string userId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.ApiTokens.AsNoTracking()
            .Where(t => t.UserId == userId)
            .OrderByDescending(t => t.CreatedAt)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Revokes one of the user's tokens. Returns false when the user has no such token.</summary>
    /// <param name="actor">The user name of who asks (the token's owner), for the audit log.</param>
    /// <param name="userId">The token's owner.</param>
    /// <param name="tokenId">Which token.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<bool> RevokeAsync(string actor, string userId, Guid tokenId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var entity = await db.ApiTokens.SingleOrDefaultAsync(t => t.Id == tokenId && t.UserId == userId, cancellationToken);
        if (entity is null)
        {
            await audit.WriteAsync(actor, "token.revoke", tokenId.ToString(), AuditOutcome.Refused, "not found or not theirs", CancellationToken.None);
            return false;
        }

        entity.RevokedAt ??= timeProvider.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync(actor, "token.revoke", Describe(entity), AuditOutcome.Succeeded, null, CancellationToken.None);
        return true;
    }

    /// <summary>The token's name and its public prefix: enough to recognise it, never enough to use it.</summary>
    private static string Describe(ApiToken token) => $"{token.Name} ({token.Prefix}…)";

    internal static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64UrlEncode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
