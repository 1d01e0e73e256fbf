namespace Portal.E2E.Infrastructure;

/// <summary>
/// One built portal shared by a collection of browser tests. Tests stay independent of each other and of their
/// order: each signs in on its own browser context and creates users with unique names.
/// </summary>
public sealed class PortalFixture : IAsyncLifetime
{
    private PortalProcess? _portal;

    public PortalProcess Portal => _portal ?? throw new InvalidOperationException("The portal is not started.");

    // Eight captured GPUs, so container tests can lease them; the account tests do not mind.
    public async Task InitializeAsync() => _portal = await PortalProcess.StartBuiltAsync(PortalProcess.FileGpuEnvironment);

    public async Task DisposeAsync()
    {
        if (_portal is not null)
        {
            await _portal.DisposeAsync();
        }
    }
}

/// <summary>The browser tests that share one portal and one Chromium.</summary>
[CollectionDefinition(Name)]
public sealed class PortalUiCollection : ICollectionFixture<PortalFixture>, ICollectionFixture<BrowserFixture>
{
    public const string Name = "Portal UI";
}
