using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Components.Registry;
using Portal.Data.Entities;
using Portal.Engine.Registries;
using Portal.Tests.Components.Fakes;
using Portal.Tests.Infrastructure;
using RegistryPage = Portal.Components.Pages.Registry;

namespace Portal.Tests.Components;

/// <summary>The Registry page and its pieces over an in-memory registry.</summary>
public sealed class RegistryPageTests : PortalComponentTestBase
{
    private readonly FakeRegistryBrowser _browser = new();

    public RegistryPageTests()
    {
        Services.AddSingleton<IRegistryBrowser>(_browser);
        Services.AddSingleton<IRegistryDirectory>(new FakeRegistryDirectory(FakeRegistryDirectory.Lab));
    }

    [Fact]
    public void Page_RepositoryThenTag_ShowsTheDetailWithPullLaunchAndCopyableCommand()
    {
        _browser.Add("alice/project", "v1");
        _browser.Add("alice/project", "latest");
        _browser.Add("alice/project", "v1.10");
        AddAuthorization().SetAuthorized("alice").SetRoles(PortalRoles.Member);
        var cut = Render<RegistryPage>();

        cut.WaitForElement("[data-testid=repository-item]", TestTimeout.Render).Click();
        cut.WaitForAssertion(() => Assert.Equal(["latest", "v1.10", "v1"], cut.FindAll("[data-testid=tag-item]").Select(e => e.TextContent.Trim())), TestTimeout.Render);
        cut.FindAll("[data-testid=tag-item]")[2].Click();

        cut.WaitForAssertion(() => Assert.Equal("docker pull 127.0.0.1:5000/alice/project:v1", cut.Find("[data-testid=tag-pull-command]").TextContent.Trim()), TestTimeout.Render);
        Assert.Equal("/images?pull=127.0.0.1%3A5000%2Falice%2Fproject%3Av1", cut.Find("[data-testid=tag-pull]").GetAttribute("href"));
        Assert.Equal("/containers/launch?image=127.0.0.1%3A5000%2Falice%2Fproject%3Av1", cut.Find("[data-testid=tag-launch]").GetAttribute("href"));
        Assert.Equal("3 MiB", cut.Find("[data-testid=tag-size]").TextContent.Trim());
        Assert.Contains("Docker v2 manifest", cut.Find("[data-testid=tag-media-type]").TextContent, StringComparison.Ordinal);
        Assert.Equal(2, cut.FindAll("[data-testid=tag-history] tbody tr").Count);
        Assert.NotEmpty(cut.FindAll("[data-testid=tag-delete]"));
        Assert.Contains("garbage collection", cut.Find("[data-testid=registry-explanation]").TextContent, StringComparison.Ordinal);

        cut.Find("[data-testid=tag-copy]").Click();
        Assert.Contains(JSInterop.Invocations, i => i.Identifier == "navigator.clipboard.writeText" && (string?)i.Arguments[0] == "docker pull 127.0.0.1:5000/alice/project:v1");
    }

    [Fact]
    public void Page_MemberOutsideTheirNamespace_HasNoDeleteButton()
    {
        _browser.Add("portal/python", "latest");
        AddAuthorization().SetAuthorized("bob").SetRoles(PortalRoles.Member);
        var cut = Render<RegistryPage>();

        cut.WaitForElement("[data-testid=repository-item]", TestTimeout.Render).Click();
        cut.WaitForElement("[data-testid=tag-item]", TestTimeout.Render).Click();

        cut.WaitForElement("[data-testid=tag-detail]", TestTimeout.Render);
        Assert.Empty(cut.FindAll("[data-testid=tag-delete]"));
    }

    [Fact]
    public void Delete_Confirmed_WarnsAboutSharedTagsAndRemovesThem()
    {
        _browser.Add("alice/project", "v1", "stable");
        _browser.Add("alice/project", "stable", "v1");
        _browser.Add("alice/project", "v2");
        AddAuthorization().SetAuthorized("alice").SetRoles(PortalRoles.Member);
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<RegistryPage>();
        cut.WaitForElement("[data-testid=repository-item]", TestTimeout.Render).Click();
        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("[data-testid=tag-item]").Count), TestTimeout.Render);
        cut.FindAll("[data-testid=tag-item]").Single(e => e.TextContent.Trim() == "v1").Click();
        cut.WaitForAssertion(() => Assert.Equal("stable", cut.Find("[data-testid=tag-sharing]").TextContent.Trim()), TestTimeout.Render);

        cut.Find("[data-testid=tag-delete]").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("The tags stable point at the same digest", dialogs.Markup, StringComparison.Ordinal), TestTimeout.Render);
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Delete").Click();

        cut.WaitForAssertion(() => Assert.Equal(["v2"], cut.FindAll("[data-testid=tag-item]").Select(e => e.TextContent.Trim())), TestTimeout.Render);
        var (actor, repository, tag) = Assert.Single(_browser.Deletes);
        Assert.Equal(("alice", "alice/project", "v1"), (actor.UserName, repository, tag));
        Assert.Empty(cut.FindAll("[data-testid=tag-detail]"));
    }

    [Fact]
    public void Delete_RegistryRefuses_ShowsItsMessage()
    {
        _browser.Add("alice/project", "v1");
        AddAuthorization().SetAuthorized("admin").SetRoles(PortalRoles.Admin);
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<RegistryPage>();
        cut.WaitForElement("[data-testid=repository-item]", TestTimeout.Render).Click();
        cut.WaitForElement("[data-testid=tag-item]", TestTimeout.Render).Click();
        cut.WaitForElement("[data-testid=tag-delete]", TestTimeout.Render).Click();
        _browser.Failure = new RegistryError(RegistryErrorCodes.DeleteDisabled, "The registry http://127.0.0.1:5000 has deletes disabled.");

        dialogs.WaitForAssertion(() => dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Delete").Click(), TestTimeout.Render);

        cut.WaitForAssertion(() => Assert.Contains("has deletes disabled", cut.Find("[data-testid=registry-error]").TextContent, StringComparison.Ordinal), TestTimeout.Render);
    }

    [Fact]
    public void RepositoryList_NextAndPrevious_FollowTheCursor()
    {
        foreach (var name in new[] { "a/1", "a/2", "a/3", "a/4", "a/5" })
        {
            _browser.Add(name, "latest");
        }

        var cut = Render<RepositoryList>(p => p.Add(c => c.Registry, "lab").Add(c => c.PageSize, 2));
        cut.WaitForAssertion(() => Assert.Equal(["a/1", "a/2"], Names(cut)), TestTimeout.Render);

        cut.Find("[data-testid=repository-next]").Click();
        cut.WaitForAssertion(() => Assert.Equal(["a/3", "a/4"], Names(cut)), TestTimeout.Render);
        cut.Find("[data-testid=repository-next]").Click();
        cut.WaitForAssertion(() => Assert.Equal(["a/5"], Names(cut)), TestTimeout.Render);
        Assert.True(cut.Find("[data-testid=repository-next]").HasAttribute("disabled"));
        cut.Find("[data-testid=repository-previous]").Click();
        cut.WaitForAssertion(() => Assert.Equal(["a/3", "a/4"], Names(cut)), TestTimeout.Render);
        Assert.Equal([null, "a/2", "a/4", "a/2"], _browser.RepositoryCalls.Select(c => c.Last));
    }

    [Fact]
    public void RepositoryList_RegistryFails_ShowsTheMessage()
    {
        _browser.Failure = new RegistryError(RegistryErrorCodes.Unreachable, "cannot reach http://127.0.0.1:5000: connection refused — is the registry running?");

        var cut = Render<RepositoryList>(p => p.Add(c => c.Registry, "lab"));

        cut.WaitForAssertion(() => Assert.Contains("connection refused", cut.Find("[data-testid=repository-error]").TextContent, StringComparison.Ordinal), TestTimeout.Render);
    }

    [Fact]
    public void TagDetailView_Index_ListsPlatformsAndLabels()
    {
        var detail = _browser.Add("multi/arch", "1.0") with
        {
            MediaType = ManifestMediaTypes.OciIndex,
            IsIndex = true,
            Platforms =
            [
                new PlatformManifest("linux/amd64", "sha256:" + new string('b', 64), ManifestMediaTypes.OciManifest, 2048),
                new PlatformManifest("linux/arm64/v8", "sha256:" + new string('c', 64), ManifestMediaTypes.OciManifest, null),
            ],
        };

        var cut = Render<TagDetailView>(p => p.Add(c => c.Detail, detail));

        Assert.Contains("OCI index", cut.Find("[data-testid=tag-media-type]").TextContent, StringComparison.Ordinal);
        var rows = cut.FindAll("[data-testid=tag-platforms] tbody tr");
        Assert.Equal(2, rows.Count);
        Assert.Contains("linux/arm64/v8", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("org.opencontainers.image.title=multi/arch", cut.Find("[data-testid=tag-labels]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=tag-delete]"));
    }

    private static List<string> Names(IRenderedComponent<RepositoryList> cut) =>
        cut.FindAll("[data-testid=repository-item]").Select(e => e.TextContent.Trim()).ToList();
}
