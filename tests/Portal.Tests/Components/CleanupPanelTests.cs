using AngleSharp.Dom;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Components.Disk;
using Portal.Data.Entities;
using Portal.Engine.Cleanup;
using Portal.Engine.Containers;
using Portal.Tests.Disk;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Components;

/// <summary>The cleanup panel over the real cleanup services of a portal on the real engine: preview, confirm, result.</summary>
public sealed class CleanupPanelTests : PortalComponentTestBase, IClassFixture<GpuPortalAppFactory>
{
    private readonly GpuPortalAppFactory _portal;

    public CleanupPanelTests(GpuPortalAppFactory portal)
    {
        _portal = portal;
        Services.AddSingleton(portal.Services.GetRequiredService<ICleanupService>());
        Services.AddSingleton(portal.Services.GetRequiredService<ICleanupSchedule>());
    }

    [Fact]
    public async Task CleanupPanel_MemberPreviewsAndConfirms_RemovesExactlyThePreviewAndShowsTheResult()
    {
        await _portal.WaitUntilReadyAsync();
        var member = await _portal.CreateUserAsync("tidy", PortalRoles.Member);
        AddAuthorization().SetAuthorized(member).SetRoles(PortalRoles.Member);
        using var client = await _portal.CreateBearerClientAsync(member, ApiClientExtensions.MemberPassword);
        var id = await CleanupContainers.StoppedAsync(client, "old-run");
        try
        {
            Render<MudPopoverProvider>();
            var dialogs = Render<MudDialogProvider>();
            var cut = Render<CleanupPanel>();
            Assert.Empty(cut.FindAll("[data-testid=cleanup-scope]"));
            Assert.Empty(cut.FindAll("[data-testid=cleanup-target-build-cache]"));

            Field(cut, "cleanup-older-than").Change("0");
            cut.Find("button[data-testid=cleanup-preview]").Click();

            cut.WaitForAssertion(() => Assert.Equal(["old-run"], ItemNames(cut)), TestTimeout.Render);
            Assert.Contains("1 item", cut.Find("[data-testid=cleanup-total]").TextContent);
            Assert.Contains($"docker container prune --filter label=org.portal.owner={member}", cut.Find("[data-testid=cleanup-docker-commands]").TextContent);
            Assert.StartsWith("Remove 1 item (", cut.Find("button[data-testid=cleanup-remove]").TextContent.Trim(), StringComparison.Ordinal);

            cut.Find("button[data-testid=cleanup-remove]").Click();
            var confirm = dialogs.WaitForElement(".mud-dialog", TestTimeout.Render);
            Assert.Contains("deleted for good", confirm.TextContent);
            dialogs.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Remove").Click();

            cut.WaitForAssertion(() => Assert.Contains("Reclaimed", cut.Find("[data-testid=cleanup-result]").TextContent), TestTimeout.Render);
            Assert.Contains("old-run", cut.Find("[data-testid=cleanup-removed]").TextContent);
            Assert.Empty(cut.FindAll("[data-testid=cleanup-skipped]"));
            Assert.Null(await _portal.Services.GetRequiredService<IContainerOperations>().GetAsync(id, TestTimeout.Token()).WithTimeout());
        }
        finally
        {
            await CleanupContainers.RemoveAsync(client, id);
        }
    }

    [Fact]
    public async Task CleanupPanel_ChoicesChangeAfterAPreview_DropThePreview()
    {
        await _portal.WaitUntilReadyAsync();
        AddAuthorization().SetAuthorized(await _portal.CreateUserAsync("fickle", PortalRoles.Member)).SetRoles(PortalRoles.Member);
        var cut = Render<CleanupPanel>();
        cut.Find("button[data-testid=cleanup-preview]").Click();
        cut.WaitForAssertion(() => Assert.Contains("nothing to clean up", cut.Find("[data-testid=cleanup-nothing]").TextContent), TestTimeout.Render);
        Assert.Empty(cut.FindAll("button[data-testid=cleanup-remove]"));

        Field(cut, "cleanup-older-than").Change("3");

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=cleanup-items]")), TestTimeout.Render);
    }

    [Fact]
    public async Task CleanupPanel_Admin_ChoosesEveryonesScopeAndGetsTheBuildCacheTarget()
    {
        await _portal.WaitUntilReadyAsync();
        AddAuthorization().SetAuthorized(PortalAppFactory.AdminUserName).SetRoles(PortalRoles.Admin);
        var cut = Render<CleanupPanel>();
        Assert.Empty(cut.FindAll("[data-testid=cleanup-target-build-cache]"));

        cut.FindAll("[data-testid=cleanup-scope] input[type=radio]")[1].Click();

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=cleanup-target-build-cache]")), TestTimeout.Render);
    }

    private static List<string> ItemNames(IRenderedComponent<CleanupPanel> cut) =>
        cut.FindAll("[data-testid=cleanup-item-name]").Select(e => e.TextContent.Trim()).ToList();

    // MudBlazor 9 puts the test id on the input itself; earlier versions on a wrapper.
    private static IElement Field(IRenderedComponent<CleanupPanel> cut, string testId) =>
        cut.Find($"input[data-testid={testId}], [data-testid={testId}] input");
}
