namespace Portal.Configuration;

/// <summary>The portal's own settings, bound from the <c>Portal</c> section.</summary>
public sealed class PortalOptions
{
    public const string SectionName = "Portal";

    /// <summary>
    /// Where the SQLite database and the data-protection keys live. Relative paths are taken from the content
    /// root (the repository root under <c>dotnet run</c>). Defaults to <c>.portal</c>.
    /// </summary>
    public string DataDirectory { get; set; } = ".portal";

    /// <summary>The first admin, created on a first start with no users.</summary>
    public BootstrapAdminOptions BootstrapAdmin { get; set; } = new();

    /// <summary>How long an API token issued by <c>POST /api/v1/auth/token</c> is valid. Defaults to 30 days.</summary>
    public TimeSpan ApiTokenLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Resolves <see cref="DataDirectory"/> against the content root.</summary>
    public string GetDataDirectoryPath(string contentRootPath) =>
        Path.GetFullPath(Path.IsPathRooted(DataDirectory) ? DataDirectory : Path.Combine(contentRootPath, DataDirectory));
}
