using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Portal.Components.Pages;
using Portal.Components.Terminals;
using Portal.Engine.Containers;
using Portal.Engine.Launch;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Components;

/// <summary>The terminal page over the real engine services: only the owner (or an admin) gets a terminal.</summary>
public sealed class ContainerTerminalPageTests : PortalComponentTestBase, IClassFixture<GpuPortalAppFactory>
{
    private readonly GpuPortalAppFactory _portal;
    private readonly BunitJSInterop _module;

    public ContainerTerminalPageTests(GpuPortalAppFactory portal)
    {
        _portal = portal;
        this.AddPortalEngineServices(portal);
        _module = JSInterop.SetupModule(TerminalView.ModulePath);
        _module.SetupModule("open", _ => true);
    }

    [Fact]
    public async Task TerminalPage_OwnersRunningContainer_OpensOneTerminalOnIt()
    {
        await _portal.WaitUntilReadyAsync();
        var owner = await _portal.CreateUserAsync("term-owner");
        var container = await LaunchSleeperAsync(owner);
        try
        {
            AddAuthorization().SetAuthorized(owner);

            var cut = Render<ContainerTerminal>(parameters => parameters.Add(p => p.Id, container.ShortId));

            cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=terminal-view]")), TestTimeout.Render);
            Assert.Contains("Terminal 1", cut.Find("[data-testid=terminal-tabs]").TextContent);
            cut.WaitForAssertion(() => _module.VerifyInvoke("open"), TestTimeout.Render);
            var options = Assert.IsType<TerminalOpenOptions>(_module.VerifyInvoke("open").Arguments[2]);
            Assert.Equal($"api/v1/containers/{container.Id}/terminal", options.Url);
        }
        finally
        {
            await RemoveAsync(owner, container);
        }
    }

    [Fact]
    public async Task TerminalPage_AnotherMembersContainer_SaysNotFoundOrNotYours()
    {
        await _portal.WaitUntilReadyAsync();
        var owner = await _portal.CreateUserAsync("term-owner");
        var container = await LaunchSleeperAsync(owner);
        try
        {
            AddAuthorization().SetAuthorized(await _portal.CreateUserAsync("term-other"));

            var cut = Render<ContainerTerminal>(parameters => parameters.Add(p => p.Id, container.Id));

            cut.WaitForAssertion(() => Assert.Contains("Not found, or not yours.", cut.Find("[data-testid=container-not-found]").TextContent), TestTimeout.Render);
            Assert.Empty(cut.FindAll("[data-testid=terminal-view]"));
            Assert.Empty(_module.Invocations["open"]);
        }
        finally
        {
            await RemoveAsync(owner, container);
        }
    }

    private async Task<ContainerSummary> LaunchSleeperAsync(string owner)
    {
        var manager = _portal.Services.GetRequiredService<IContainerManager>();
        var request = new LaunchRequest { Name = "term-" + Guid.NewGuid().ToString("N")[..8], Image = "portal/shell:latest", Command = ["sleep", "600"] };
        var result = await manager.LaunchAsync(new Actor(owner, IsAdmin: false), request, TestTimeout.Token()).WithTimeout();
        Assert.True(result.Succeeded, result.Error?.Message);
        // The page reads the state cache: wait until it has the container, running.
        var cache = _portal.Services.GetRequiredService<IContainerStateCache>();
        await cache.RefreshAsync(result.Container!.Id, TestTimeout.Token()).WithTimeout();
        return result.Container;
    }

    private async Task RemoveAsync(string owner, ContainerSummary container)
    {
        var manager = _portal.Services.GetRequiredService<IContainerManager>();
        await manager.RemoveAsync(new Actor(owner, IsAdmin: false), container.Id, TestTimeout.Token()).WithTimeout();
    }
}
