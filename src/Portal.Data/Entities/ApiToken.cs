namespace Portal.Data.Entities;

/// <summary>A bearer token for scripts. Only its SHA-256 hash is stored; the token itself is shown once.</summary>
public sealed class ApiToken
{
    public Guid Id { get; set; }

    public required string UserId { get; set; }

    public PortalUser? User { get; set; }

    /// <summary>What the user called it ("laptop", "ci"), shown on the profile page.</summary>
    public required string Name { get; set; }

    /// <summary>Lower-case hex SHA-256 of the token.</summary>
    public required string TokenHash { get; set; }

    /// <summary>The first characters of the token, so a user can tell tokens apart without the secret.</summary>
    public required string Prefix { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }

    public bool IsActiveAt(DateTimeOffset now) => RevokedAt is null && ExpiresAt > now;
}
