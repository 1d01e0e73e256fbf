using Portal.Accounts;

namespace Portal.Api;

public sealed record TokenRequest(string? UserName, string? Password, string? Name);

public sealed record TokenResponse(string Token, DateTimeOffset ExpiresAt);

public sealed record CreateUserRequest(string? UserName, string? Password, string? Role, string? DisplayName);

public sealed record UserResponse(
    string UserName,
    string? DisplayName,
    string? Email,
    string Role,
    bool IsDisabled,
    bool IsLockedOut,
    bool IsOrganisational,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastSignInAt)
{
    public static UserResponse From(UserSummary user) => new(
        user.UserName, user.DisplayName, user.Email, user.Role, user.IsDisabled, user.IsLockedOut, user.IsOrganisational, user.CreatedAt, user.LastSignInAt);
}

public sealed record ApiTokenResponse(Guid Id, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? LastUsedAt, bool IsRevoked);
