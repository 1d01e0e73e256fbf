namespace Portal.Engine.Registries;

/// <summary>
/// Admins' changes to the configured registries, validated and audited. Passwords are stored protected and never
/// returned. The lab registry's URL comes from <c>Registries:LabUrl</c>; it cannot be removed or moved here.
/// </summary>
public interface IRegistryAdministration
{
    Task<RegistryResult<RegistryInfo>> AddAsync(string actor, RegistryInput input, CancellationToken cancellationToken);

    Task<RegistryResult<RegistryInfo>> UpdateAsync(string actor, string name, RegistryInput input, CancellationToken cancellationToken);

    Task<RegistryResult<RegistryInfo>> RemoveAsync(string actor, string name, CancellationToken cancellationToken);

    /// <summary>Calls the registry's <c>/v2/</c> with its stored credentials; the value says what answered.</summary>
    Task<RegistryResult<string>> TestConnectionAsync(string name, CancellationToken cancellationToken);
}
