using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Accounts;
using Portal.Components.Pages.Admin;
using Portal.Data.Entities;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Components;

/// <summary>The Users page over the real <see cref="UserAccountService"/> of a portal on a real SQLite file.</summary>
public sealed class UsersPageTests : PortalComponentTestBase, IClassFixture<PortalAppFactory>
{
    private readonly PortalAppFactory _portal;

    public UsersPageTests(PortalAppFactory portal)
    {
        _portal = portal;
        Services.AddSingleton(portal.Accounts);
        AddAuthorization().SetAuthorized(PortalAppFactory.AdminUserName).SetRoles(PortalRoles.Admin);
    }

    [Fact]
    public async Task Users_Loaded_ListsEveryUserWithTheirRole()
    {
        var member = await _portal.CreateUserAsync("listed");
        var admin = await _portal.CreateUserAsync("boss", PortalRoles.Admin);

        var cut = Render<Users>();

        cut.WaitForAssertion(() => Assert.Contains(member, UserNames(cut)), TestTimeout.Render);
        var names = UserNames(cut);
        Assert.Contains(PortalAppFactory.AdminUserName, names);
        Assert.Contains(admin, names);
        Assert.Equal(PortalRoles.Member, RoleOf(cut, member));
        Assert.Equal(PortalRoles.Admin, RoleOf(cut, admin));
    }

    [Fact]
    public async Task CreateUserDialog_MemberFilledIn_AddsARow()
    {
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<Users>();
        cut.WaitForAssertion(() => Assert.Contains(PortalAppFactory.AdminUserName, UserNames(cut)), TestTimeout.Render);
        var userName = ApiClientExtensions.UniqueUserName("fresh");

        cut.Find("[data-testid=new-user]").Click();
        dialogs.WaitForElement("[data-testid=new-user-name]", TestTimeout.Render).Input(userName);
        dialogs.Find("[data-testid=new-user-display-name]").Change("Fresh Person");
        dialogs.Find("[data-testid=new-user-password]").Input("a-long-enough-password");
        dialogs.Find("[data-testid=create-user]").Click();

        cut.WaitForAssertion(() => Assert.Contains(userName, UserNames(cut)), TestTimeout.Render);
        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll(".mud-dialog")), TestTimeout.Render);
        Assert.Equal(PortalRoles.Member, RoleOf(cut, userName));
        Assert.Contains("Fresh Person", Row(cut, userName).TextContent);
        var stored = await _portal.Accounts.FindAsync(userName, TestTimeout.Token()).WithTimeout();
        Assert.Equal(PortalRoles.Member, stored?.Role);
    }

    [Fact]
    public async Task CreateUserDialog_NameTaken_ShowsTheErrorAndKeepsTheDialogOpen()
    {
        var existing = await _portal.CreateUserAsync("taken");
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<Users>();
        cut.WaitForAssertion(() => Assert.Contains(existing, UserNames(cut)), TestTimeout.Render);

        cut.Find("[data-testid=new-user]").Click();
        dialogs.WaitForElement("[data-testid=new-user-name]", TestTimeout.Render).Input(existing);
        dialogs.Find("[data-testid=new-user-password]").Input("a-long-enough-password");
        dialogs.Find("[data-testid=create-user]").Click();

        dialogs.WaitForAssertion(() => Assert.Contains("is taken", dialogs.Find("[data-testid=new-user-error]").TextContent), TestTimeout.Render);
        Assert.Single(UserNames(cut), existing);
    }

    private static List<string> UserNames(IRenderedComponent<Users> cut) =>
        cut.FindAll("[data-testid=users-table] tbody tr td[data-label=User] b").Select(b => b.TextContent.Trim()).ToList();

    private static AngleSharp.Dom.IElement Row(IRenderedComponent<Users> cut, string userName) =>
        cut.FindAll("[data-testid=users-table] tbody tr").Single(row => row.QuerySelector("td[data-label=User] b")?.TextContent.Trim() == userName);

    private static string? RoleOf(IRenderedComponent<Users> cut, string userName) =>
        Row(cut, userName).QuerySelector("td[data-label=Role] input")?.GetAttribute("value");
}
