using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Portal.Components.Layout;
using Portal.Data.Entities;
using Portal.Engine.Engine;
using Portal.Tests.Components.Fakes;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Components;

public sealed class MainLayoutTests : PortalComponentTestBase
{
    private static readonly string[] NavigationPages = ["/containers", "/gpus", "/images", "/registry", "/disk"];

    private readonly FakeEngineStatusMonitor _engine = new(FakeEngineStatusMonitor.Reachable());

    public MainLayoutTests()
    {
        Services.AddSingleton<IEngineStatusMonitor>(_engine);
    }

    [Fact]
    public void MainLayout_SignedInMember_ShowsAppBarNavigationAndBody()
    {
        AddAuthorization().SetAuthorized("grace");

        var cut = RenderLayout();

        var appBar = cut.Find("header.mud-appbar");
        Assert.Contains("Portal", appBar.TextContent);
        Assert.Contains("grace", cut.Find("[data-testid=user-menu]").TextContent);
        var links = cut.FindAll("nav a.mud-nav-link").ToDictionary(a => a.GetAttribute("href")!, a => a.TextContent.Trim());
        Assert.Equal("Containers", links["/containers"]);
        Assert.Equal("GPUs", links["/gpus"]);
        Assert.Equal("Images", links["/images"]);
        Assert.Equal("Registry", links["/registry"]);
        Assert.Equal("Disk", links["/disk"]);
        Assert.Equal("Page body", cut.Find("#body").TextContent);
    }

    [Fact]
    public void MainLayout_Member_HidesAdminUsers()
    {
        AddAuthorization().SetAuthorized("grace");

        var cut = RenderLayout();

        Assert.All(NavigationPages, page => Assert.Single(cut.FindAll($"a[href='{page}']")));
        Assert.Empty(cut.FindAll("a[href='/admin/users']"));
        Assert.DoesNotContain("Admin", cut.Find("nav").TextContent);
    }

    [Fact]
    public void MainLayout_Admin_ShowsAdminUsers()
    {
        var authorization = AddAuthorization();
        authorization.SetAuthorized("ada");
        authorization.SetRoles(PortalRoles.Admin);

        var cut = RenderLayout();

        var users = cut.Find("a[href='/admin/users']");
        Assert.Equal("Users", users.TextContent.Trim());
        Assert.Contains("Admin", cut.Find(".mud-nav-group").TextContent);
    }

    [Fact]
    public void MainLayout_EngineUnreachableThenReachable_ShowsThenHidesTheBanner()
    {
        AddAuthorization().SetAuthorized("grace");
        _engine.Publish(FakeEngineStatusMonitor.Unreachable("Cannot connect to the Docker engine at unix:///var/run/docker.sock."));
        var cut = RenderLayout();
        Assert.Contains("Cannot connect to the Docker engine", cut.Find("[data-testid=engine-unreachable]").TextContent);

        _engine.Publish(FakeEngineStatusMonitor.Reachable());

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=engine-unreachable]")), TestTimeout.Render);
        Assert.Equal("Page body", cut.Find("#body").TextContent);
    }

    private IRenderedComponent<MainLayout> RenderLayout() =>
        Render<MainLayout>(parameters => parameters.Add(layout => layout.Body, "<p id=\"body\">Page body</p>"));
}
