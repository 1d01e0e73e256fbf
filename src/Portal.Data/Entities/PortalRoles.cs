namespace Portal.Data.Entities;

/// <summary>The two roles of the portal. Admins manage users, quotas and the host; members manage their own work.</summary>
public static class PortalRoles
{
    public const string Admin = "Admin";
    public const string Member = "Member";

    public static IReadOnlyList<string> All { get; } = [Admin, Member];

    /// <summary>Returns the canonical spelling of a role name, or null when it is not a role.</summary>
    public static string? Normalize(string? role) =>
        All.FirstOrDefault(r => string.Equals(r, role?.Trim(), StringComparison.OrdinalIgnoreCase));
}
