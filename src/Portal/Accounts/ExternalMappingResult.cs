using Portal.Data.Entities;

namespace Portal.Accounts;

/// <summary>The portal user an organisational sign-in maps to, or why it was refused.</summary>
public sealed record ExternalMappingResult(PortalUser? User, bool Created, string? Error)
{
    public static ExternalMappingResult Mapped(PortalUser user, bool created) => new(user, created, null);

    public static ExternalMappingResult Refused(string error) => new(null, false, error);
}
