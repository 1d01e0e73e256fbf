using Portal.Engine.Tests.Registries;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Registries;

/// <summary>
/// A registry process of the class's own (anonymous, deletes enabled) and a portal whose lab registry it is, with a
/// registry page size of 2 so every listing crosses pages.
/// </summary>
public sealed class RegistryPortalFixture : IAsyncLifetime
{
    private RegistryProcess? _registry;
    private PortalAppFactory? _portal;

    public RegistryProcess Registry => _registry ?? throw new InvalidOperationException("Not started.");

    public PortalAppFactory Portal => _portal ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        _registry = await RegistryProcess.StartAsync(TestTimeout.Token());
        _portal = new PortalAppFactory(new Dictionary<string, string?>
        {
            ["Registries:LabUrl"] = _registry.Url,
            ["Registries:PageSize"] = "2",
        });
    }

    public async Task DisposeAsync()
    {
        if (_portal is not null)
        {
            await _portal.DisposeAsync();
        }

        if (_registry is not null)
        {
            await _registry.DisposeAsync();
        }
    }
}
