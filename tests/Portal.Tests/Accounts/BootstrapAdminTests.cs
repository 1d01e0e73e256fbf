using System.Net;
using System.Text.RegularExpressions;
using Portal.Data.Entities;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Accounts;

/// <summary>The first start of a portal with an empty database. Each test starts its own portal on a new database.</summary>
[Collection(ConsoleOutputCollection.Name)]
public sealed partial class BootstrapAdminTests
{
    [Fact]
    public async Task FirstStart_PasswordConfigured_CreatesTheOnlyUserAsAdminWithThatPassword()
    {
        await using var factory = new PortalAppFactory();

        var users = await factory.Accounts.ListAsync(TestTimeout.Token()).WithTimeout();

        var admin = Assert.Single(users);
        Assert.Equal(PortalAppFactory.AdminUserName, admin.UserName);
        Assert.Equal(PortalRoles.Admin, admin.Role);
        Assert.False(admin.IsDisabled);
        using var client = factory.CreateApiClient();
        Assert.StartsWith("ptl_", await client.GetTokenAsync(PortalAppFactory.AdminUserName, PortalAppFactory.AdminPassword));
        Assert.True(File.Exists(Path.Combine(factory.DataDirectory, "portal.db")));
    }

    [Fact]
    public async Task FirstStart_NoPasswordConfigured_PrintsAGeneratedPasswordThatSignsIn()
    {
        using var console = new ConsoleCapture();
        await using var factory = new PortalAppFactory(new Dictionary<string, string?> { ["Portal:BootstrapAdmin:Password"] = string.Empty });
        using var client = factory.CreateApiClient();

        var printed = PrintedPassword().Match(console.Text);

        Assert.True(printed.Success, "No generated password on the console:\n" + console.Text);
        var password = printed.Groups["password"].Value;
        Assert.NotEqual(PortalAppFactory.AdminPassword, password);
        Assert.True(password.Length >= 20, password);
        Assert.StartsWith("ptl_", await client.GetTokenAsync(PortalAppFactory.AdminUserName, password));
    }

    [Fact]
    public async Task SecondStart_OtherPasswordConfigured_KeepsTheFirstAdminAndPassword()
    {
        using var data = new TempDirectory();
        await using (var first = new PortalAppFactory(new Dictionary<string, string?>(), data.Path))
        {
            using var client = first.CreateApiClient();
            await client.GetTokenAsync(PortalAppFactory.AdminUserName, PortalAppFactory.AdminPassword);
        }

        await using var second = new PortalAppFactory(new Dictionary<string, string?> { ["Portal:BootstrapAdmin:Password"] = "another-password-42" }, data.Path);
        using var again = second.CreateApiClient();

        Assert.StartsWith("ptl_", await again.GetTokenAsync(PortalAppFactory.AdminUserName, PortalAppFactory.AdminPassword));
        using var other = await again.RequestTokenAsync(PortalAppFactory.AdminUserName, "another-password-42");
        await other.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid-credentials");
        Assert.Single(await second.Accounts.ListAsync(TestTimeout.Token()).WithTimeout());
    }

    [GeneratedRegex(@"password:\s+(?<password>\S+)")]
    private static partial Regex PrintedPassword();
}
