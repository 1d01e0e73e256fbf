using Bunit;
using MudBlazor.Services;

namespace Portal.Tests.Components;

/// <summary>
/// The bUnit context every component test derives from: MudBlazor's services, and loose JS interop (MudBlazor and
/// the layout call JS that does not exist here; loose mode answers with defaults).
/// </summary>
public abstract class PortalComponentTestBase : BunitContext, IAsyncLifetime
{
    protected PortalComponentTestBase()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    // Some MudBlazor services are only IAsyncDisposable, so the context is disposed asynchronously; xUnit v2 would
    // otherwise call only Dispose(), which refuses them.
    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();
}
