namespace Portal.Engine.Registries;

/// <summary>The registries admins configured, with their credentials for the engine's own use.</summary>
public interface IRegistryDirectory
{
    Task<IReadOnlyList<RegistryInfo>> ListAsync(CancellationToken cancellationToken);

    Task<RegistryAccess?> FindByNameAsync(string name, CancellationToken cancellationToken);

    /// <summary>The registry an image reference's host part (<c>127.0.0.1:5000</c>) names, or null when none is configured for it.</summary>
    Task<RegistryAccess?> FindByHostAsync(string host, CancellationToken cancellationToken);
}
