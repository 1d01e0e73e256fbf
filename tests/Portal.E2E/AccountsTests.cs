using System.Text.RegularExpressions;
using Portal.E2E.Infrastructure;

namespace Portal.E2E;

/// <summary>Signing in, managing users and roles, through Chromium against the real portal.</summary>
[Collection(PortalUiCollection.Name)]
public sealed partial class AccountsTests(PortalFixture portalFixture, BrowserFixture browser)
{
    private const string MemberPassword = "member-Secret-123";

    private PortalProcess Portal => portalFixture.Portal;

    private string LoginUrl => new Uri(Portal.BaseAddress, "account/login").ToString();

    [Fact]
    public Task AdminCreatesMember_MemberSignsIn_SeesEngineVersion() => browser.RunAsync(nameof(AdminCreatesMember_MemberSignsIn_SeesEngineVersion), async run =>
    {
        var portal = run.Attach(Portal);
        var page = run.Page;
        var engineVersion = await DockerEngine.GetServerVersionAsync();
        var member = PortalPages.UniqueUserName("member");

        // Anonymous people are sent to sign in, and come back to where they were going.
        await page.GotoAsync(portal.BaseAddress.ToString());
        await Expect(page).ToHaveURLAsync(LoginReturningHome());
        await page.RunAndWaitForInteractiveAsync(() => page.SubmitSignInAsync(PortalProcess.AdminUserName, PortalProcess.AdminPassword));
        await Expect(page).ToHaveURLAsync(portal.BaseAddress.ToString());

        // Admin > Users in the drawer.
        var drawer = page.Locator(".mud-drawer");
        await drawer.GetByRole(AriaRole.Link, new() { Name = "Users", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Uri(portal.BaseAddress, "admin/users").ToString());
        var table = page.GetByTestId("users-table");
        await Expect(table).ToContainTextAsync(PortalProcess.AdminUserName);

        await page.GetByTestId("new-user").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToBeVisibleAsync();
        await TextField(dialog, "new-user-name").FillAsync(member);
        await TextField(dialog, "new-user-password").FillAsync(MemberPassword);
        await dialog.GetByTestId("create-user").ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();

        var row = table.Locator("tbody tr").Filter(new() { HasText = member });
        await Expect(row).ToBeVisibleAsync();
        await Expect(row).ToContainTextAsync("active");
        await Expect(row).ToContainTextAsync("never");
        await Expect(page.GetByText($"Created member '{member}'.")).ToBeVisibleAsync();
        await run.SaveScreenshotAsync("admin-users");

        await page.SignOutAsync(portal);

        await page.RunAndWaitForInteractiveAsync(() => page.SubmitSignInAsync(member, MemberPassword));
        await Expect(page).ToHaveURLAsync(portal.BaseAddress.ToString());
        await Expect(page.GetByTestId("engine-version")).ToHaveTextAsync(engineVersion);
        await Expect(page.GetByTestId("user-menu")).ToContainTextAsync(member);

        // Members see the everyday pages, and nothing of the admin group.
        await Expect(drawer.GetByRole(AriaRole.Link, new() { Name = "Containers" })).ToBeVisibleAsync();
        await Expect(drawer).Not.ToContainTextAsync("Admin");
        await Expect(drawer.GetByRole(AriaRole.Link, new() { Name = "Users", Exact = true })).ToHaveCountAsync(0);
        await run.SaveScreenshotAsync("home-member");
        run.ExpectNoFailedResponses();
    });

    [Fact]
    public Task WrongPassword_ShowsReadableError() => browser.RunAsync(nameof(WrongPassword_ShowsReadableError), async run =>
    {
        var portal = run.Attach(Portal);
        var page = run.Page;
        var user = PortalPages.UniqueUserName("typo");
        await PortalApi.CreateUserAsync(portal, user, MemberPassword, "Member");

        await page.GotoAsync(LoginUrl);
        await page.SubmitSignInAsync(user, MemberPassword + "-typo");

        var error = page.GetByTestId("login-error");
        await Expect(error).ToBeVisibleAsync();
        await Expect(error).ToHaveTextAsync("Wrong user name or password.");
        await Expect(page).ToHaveURLAsync(new Regex("/account/login"));
        await Expect(page.GetByTestId("login-username")).ToHaveValueAsync(user);
        await run.SaveScreenshotAsync("login-wrong-password");
        run.ExpectNoFailedResponses();
    });

    [Fact]
    public Task MemberOpeningAdminPage_IsDenied() => browser.RunAsync(nameof(MemberOpeningAdminPage_IsDenied), async run =>
    {
        var portal = run.Attach(Portal);
        var page = run.Page;
        var member = PortalPages.UniqueUserName("member");
        await PortalApi.CreateUserAsync(portal, member, MemberPassword, "Member");
        await page.SignInAsync(portal, member, MemberPassword);

        // A typed or bookmarked address: the server refuses before rendering and shows the access-denied page.
        await page.GotoAsync(new Uri(portal.BaseAddress, "admin/users").ToString());
        await Expect(page).ToHaveURLAsync(new Regex("/account/access-denied"));
        await Expect(page.GetByText("Access denied")).ToBeVisibleAsync();
        await Expect(page.GetByText("needs a role you do not have")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("users-table")).ToHaveCountAsync(0);

        // Navigation inside the running app (no server round trip): the router shows the admin-only notice instead.
        await page.RunAndWaitForInteractiveAsync(() => page.GotoAsync(portal.BaseAddress.ToString()));
        await page.EvaluateAsync("Blazor.navigateTo('/admin/users')");
        await Expect(page).ToHaveURLAsync(new Uri(portal.BaseAddress, "admin/users").ToString());
        await Expect(page.GetByText("This page is for admins")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("users-table")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("new-user")).ToHaveCountAsync(0);
        run.ExpectNoFailedResponses();
    });

    // MudTextField 9 puts the test id on the inner <input> itself; earlier versions put it on the wrapper.
    private static ILocator TextField(ILocator scope, string testId) =>
        scope.Locator($"input[data-testid={testId}], [data-testid={testId}] input").First;

    [GeneratedRegex(@"/account/login\?returnUrl=%2F$", RegexOptions.IgnoreCase)]
    private static partial Regex LoginReturningHome();
}
