namespace Portal.Engine.Registries;

/// <summary>The lab registry and how the portal talks to registries, bound from the <c>Registries</c> section.</summary>
public sealed class RegistryOptions
{
    public const string SectionName = "Registries";

    /// <summary>The name the lab registry gets in the portal; it is always <c>lab</c>.</summary>
    public const string LabName = "lab";

    /// <summary>
    /// The lab registry the set-up command starts; its row is created or corrected at every start. Defaults to
    /// <c>http://127.0.0.1:5000</c>.
    /// </summary>
    public string LabUrl { get; set; } = "http://127.0.0.1:5000";

    /// <summary>
    /// Entries asked for per catalog or tag-list request (<c>?n=</c>); more pages follow the <c>Link</c> header.
    /// Defaults to 100 (registries cap it: Distribution at 1000).
    /// </summary>
    public int PageSize { get; set; } = 100;

    /// <summary>Limit for one request to a registry, in seconds. Defaults to 30.</summary>
    public int RequestTimeoutSeconds { get; set; } = 30;

    public TimeSpan RequestTimeout => TimeSpan.FromSeconds(RequestTimeoutSeconds);
}
