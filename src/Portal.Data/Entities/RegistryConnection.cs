namespace Portal.Data.Entities;

/// <summary>
/// A registry an admin configured (the lab's own is added at start-up). The password is stored only as ASP.NET Core
/// Data Protection ciphertext, so a copy of the database alone does not give away the registry's credentials.
/// </summary>
public sealed class RegistryConnection
{
    /// <summary>Short name used in URLs and the UI (<c>lab</c>): lower-case letters, digits and dashes.</summary>
    public required string Name { get; set; }

    /// <summary>Base URL, <c>http(s)://host[:port]</c>; its host and port are what image references start with.</summary>
    public required string Url { get; set; }

    public string? UserName { get; set; }

    /// <summary>The password or token, protected with the registry password purpose; null for anonymous access.</summary>
    public string? ProtectedPassword { get; set; }

    /// <summary>True for the lab registry the set-up command starts: it is where members push their own images.</summary>
    public bool IsLab { get; set; }

    public required string UpdatedBy { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
