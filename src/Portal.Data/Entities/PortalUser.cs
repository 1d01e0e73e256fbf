using Microsoft.AspNetCore.Identity;

namespace Portal.Data.Entities;

/// <summary>A person who uses the portal: a local account or one mapped from organisational sign-in.</summary>
public sealed class PortalUser : IdentityUser
{
    public string? DisplayName { get; set; }

    /// <summary>Disabled users cannot sign in and their API tokens stop working; nothing of theirs is deleted.</summary>
    public bool IsDisabled { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? LastSignInAt { get; set; }

    public List<ApiToken> ApiTokens { get; } = [];
}
