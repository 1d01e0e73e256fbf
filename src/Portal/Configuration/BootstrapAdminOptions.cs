namespace Portal.Configuration;

/// <summary>
/// The admin created when the database has no users. An empty password makes the portal generate a strong one
/// and print it once to the console, as Portainer and Jenkins do.
/// </summary>
public sealed class BootstrapAdminOptions
{
    /// <summary>Defaults to <c>admin</c>.</summary>
    public string UserName { get; set; } = "admin";

    /// <summary>Defaults to empty: generate one.</summary>
    public string? Password { get; set; }
}
