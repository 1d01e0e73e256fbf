using Portal.Engine.Registries;

namespace Portal.Tests.Components.Fakes;

/// <summary>A fixed list of registries, the lab's first.</summary>
internal sealed class FakeRegistryDirectory(params RegistryInfo[] registries) : IRegistryDirectory
{
    public static RegistryInfo Lab { get; } = new("lab", "http://127.0.0.1:5000", "127.0.0.1:5000", null, false, true);

    public Task<IReadOnlyList<RegistryInfo>> ListAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<RegistryInfo>>(registries);

    public Task<RegistryAccess?> FindByNameAsync(string name, CancellationToken cancellationToken) =>
        Task.FromResult(registries.FirstOrDefault(r => r.Name == name) is { } r ? new RegistryAccess(r, null) : null);

    public Task<RegistryAccess?> FindByHostAsync(string host, CancellationToken cancellationToken) =>
        Task.FromResult(registries.FirstOrDefault(r => r.Host == host) is { } r ? new RegistryAccess(r, null) : null);
}
