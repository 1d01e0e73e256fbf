namespace Portal.Accounts;

/// <summary>A user as the admin pages and the API show them.</summary>
public sealed record UserSummary(
    string Id,
    string UserName,
    string? DisplayName,
    string? Email,
    string Role,
    bool IsDisabled,
    bool IsLockedOut,
    bool IsOrganisational,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastSignInAt);
