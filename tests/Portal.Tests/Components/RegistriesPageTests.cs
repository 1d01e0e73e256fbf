using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using RegistriesPage = Portal.Components.Pages.Admin.Registries;
using Portal.Data.Entities;
using Portal.Engine.Registries;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Components;

/// <summary>Admin &gt; Registries over the real registry services of a portal on a real SQLite file.</summary>
public sealed class RegistriesPageTests : PortalComponentTestBase, IClassFixture<PortalAppFactory>
{
    private readonly IRegistryDirectory _directory;

    public RegistriesPageTests(PortalAppFactory portal)
    {
        _directory = portal.Services.GetRequiredService<IRegistryDirectory>();
        Services.AddSingleton(_directory);
        Services.AddSingleton(portal.Services.GetRequiredService<IRegistryAdministration>());
        AddAuthorization().SetAuthorized(PortalAppFactory.AdminUserName).SetRoles(PortalRoles.Admin);
    }

    [Fact]
    public async Task AddDialog_WithPassword_AddsARowThatNeverShowsThePassword()
    {
        var name = "r" + Guid.NewGuid().ToString("N")[..8];
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<RegistriesPage>();
        cut.WaitForAssertion(() => Assert.Contains("lab", cut.Find("[data-testid=registries-table]").TextContent, StringComparison.Ordinal), TestTimeout.Render);

        cut.Find("[data-testid=new-registry]").Click();
        dialogs.WaitForElement("[data-testid=registry-name]", TestTimeout.Render).Input(name);
        dialogs.Find("[data-testid=registry-url]").Input($"https://{name}.example");
        dialogs.Find("[data-testid=registry-user]").Input("robot");
        dialogs.Find("[data-testid=registry-password]").Input("page-secret-99");
        dialogs.Find("[data-testid=registry-save]").Click();

        cut.WaitForAssertion(() => Assert.Contains($"https://{name}.example", cut.Find("[data-testid=registries-table]").TextContent, StringComparison.Ordinal), TestTimeout.Render);
        Assert.Contains("robot · password stored", cut.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("page-secret-99", cut.Markup, StringComparison.Ordinal);
        var access = await _directory.FindByNameAsync(name, TestTimeout.Token()).WithTimeout();
        Assert.Equal("page-secret-99", access!.Password);

        // Editing shows the user name but an empty password field: the stored one stays unless replaced.
        cut.FindAll("button").Single(b => b.GetAttribute("aria-label") == $"Edit {name}").Click();
        var password = dialogs.WaitForElement("[data-testid=registry-password]", TestTimeout.Render);
        Assert.True(string.IsNullOrEmpty(password.GetAttribute("value")));
        Assert.Equal("robot", dialogs.Find("[data-testid=registry-user]").GetAttribute("value"));
    }

    [Fact]
    public void AddDialog_BadUrl_ShowsTheFieldErrorAndStaysOpen()
    {
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<RegistriesPage>();
        cut.WaitForElement("[data-testid=registries-table]", TestTimeout.Render);

        cut.Find("[data-testid=new-registry]").Click();
        dialogs.WaitForElement("[data-testid=registry-name]", TestTimeout.Render).Input("bad-url");
        dialogs.Find("[data-testid=registry-url]").Input("harbor.example/v2");
        dialogs.Find("[data-testid=registry-save]").Click();

        dialogs.WaitForAssertion(() => Assert.Contains("http(s)://host[:port]", dialogs.Find("[data-testid=registry-dialog-error]").TextContent, StringComparison.Ordinal), TestTimeout.Render);
        Assert.Single(dialogs.FindAll(".mud-dialog"));
    }
}
