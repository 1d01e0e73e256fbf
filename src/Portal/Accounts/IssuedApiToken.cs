namespace Portal.Accounts;

/// <summary>A freshly issued token: the only moment its secret exists outside the caller.</summary>
public sealed record IssuedApiToken(Guid Id, string Token, DateTimeOffset ExpiresAt);
