using Portal.Engine.Registries;

namespace Portal.Api;

/// <summary>A configured registry as the API shows it: whether a password is stored, never the password.</summary>
public sealed record RegistryResponse(string Name, string Url, string Host, string? UserName, bool HasPassword, bool IsLab)
{
    public static RegistryResponse From(RegistryInfo registry) =>
        new(registry.Name, registry.Url, registry.Host, registry.UserName, registry.HasPassword, registry.IsLab);
}
