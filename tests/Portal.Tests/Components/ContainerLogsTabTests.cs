using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Portal.Components.Logs;
using Portal.Components.Pages;
using Portal.Data.Entities;
using Portal.Engine.Audit;
using Portal.Engine.Containers;
using Portal.Engine.Launch;
using Portal.Engine.Logs;
using Portal.Engine.Tests.Integration;
using Portal.Tests.Components.Fakes;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Components;

/// <summary>
/// The container page's Logs tab over the real engine services (the log source is a fake the test feeds): the viewer
/// follows the container only while the tab is open, and the page shows the equivalent docker command.
/// </summary>
public sealed class ContainerLogsTabTests : PortalComponentTestBase, IClassFixture<GpuPortalAppFactory>
{
    private readonly GpuPortalAppFactory _portal;
    private readonly FakeContainerLogs _logs = new();

    public ContainerLogsTabTests(GpuPortalAppFactory portal)
    {
        _portal = portal;
        this.AddPortalEngineServices(portal);
        Services.AddSingleton<IContainerLogs>(_logs);
        JSInterop.SetupModule(LogViewer.ModulePath).SetupModule("attach", _ => true);
    }

    [Fact]
    public async Task LogsTab_Opened_FollowsTheContainerUntilAnotherTabIsChosen()
    {
        await _portal.WaitUntilReadyAsync();
        var owner = await _portal.CreateUserAsync("logs-owner");
        var container = await LaunchSleeperAsync(owner);
        try
        {
            AddAuthorization().SetAuthorized(owner);
            _logs.Publish(new LogLine(1, DateTimeOffset.UtcNow, LogStreamKind.Stdout, "<i>hello from the container</i>"));

            var cut = Render<ContainerDetail>(parameters => parameters.Add(p => p.Id, container.ShortId));
            cut.WaitForAssertion(() => Assert.Equal(container.DisplayName, cut.Find("[data-testid=container-title]").TextContent), TestTimeout.Render);
            Assert.Empty(cut.FindAll("[data-testid=log-viewer]"));
            Assert.False(_logs.Followed.IsCompleted);

            ClickTabUntil(cut, "Logs", () => Assert.NotEmpty(cut.FindAll("[data-testid=log-viewer]")));

            cut.WaitForAssertion(() => Assert.Equal("<i>hello from the container</i>", cut.Find("[data-testid=log-line]").TextContent), TestTimeout.Render);
            Assert.Equal((container.Id, LogViewer.DefaultTail), await _logs.Followed.WithTimeout());
            Assert.Contains($"docker logs --follow --tail {LogViewer.DefaultTail} {container.Name}", cut.Find("[data-testid=logs-cli]").TextContent);
            Assert.Equal($"{container.DisplayName}.log", cut.Find("[data-testid=log-download]").GetAttribute("download"));

            ClickTabUntil(cut, "Overview", () => Assert.Empty(cut.FindAll("[data-testid=log-viewer]")));

            await _logs.FollowCancelled.WithTimeout();
        }
        finally
        {
            await RemoveAsync(owner, container);
        }
    }

    [Fact]
    public async Task LogsTab_OpenedByAnAdminOnAMembersContainer_IsAudited()
    {
        await _portal.WaitUntilReadyAsync();
        var owner = await _portal.CreateUserAsync("logs-audited");
        var container = await LaunchSleeperAsync(owner);
        try
        {
            AddAuthorization().SetAuthorized(PortalAppFactory.AdminUserName).SetRoles(PortalRoles.Admin);
            var cut = Render<ContainerDetail>(parameters => parameters.Add(p => p.Id, container.ShortId));
            cut.WaitForAssertion(() => Assert.Equal(container.DisplayName, cut.Find("[data-testid=container-title]").TextContent), TestTimeout.Render);

            ClickTabUntil(cut, "Logs", () => Assert.NotEmpty(cut.FindAll("[data-testid=log-viewer]")));
            await _logs.Followed.WithTimeout();

            var audit = _portal.Services.GetRequiredService<IAuditLog>();
            var query = new AuditQuery { Actor = PortalAppFactory.AdminUserName, Action = "logs.read", Target = $"{owner}/{container.DisplayName}" };
            // Written right after the follow starts, on the render's side: wait for it briefly.
            await Poll.UntilAsync(
                async () => (await audit.QueryAsync(query, TestTimeout.Token())).Entries.Count,
                count => count == 1,
                TestTimeout.Render,
                "the admin's log read to be audited",
                CancellationToken.None);
        }
        finally
        {
            await RemoveAsync(owner, container);
        }
    }

    private static void ClickTabUntil(IRenderedComponent<ContainerDetail> cut, string title, Action switched) =>
        cut.InteractUntil(() => cut.FindAll(".mud-tab").Single(tab => tab.TextContent.Contains(title, StringComparison.Ordinal)).Click(), switched);

    private async Task<ContainerSummary> LaunchSleeperAsync(string owner)
    {
        var manager = _portal.Services.GetRequiredService<IContainerManager>();
        var request = new LaunchRequest { Name = "logs-" + Guid.NewGuid().ToString("N")[..8], Image = "portal/shell:latest", Command = ["sleep", "600"] };
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
