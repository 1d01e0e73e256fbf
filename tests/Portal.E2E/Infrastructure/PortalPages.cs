namespace Portal.E2E.Infrastructure;

/// <summary>What a person does on the portal's pages, in Playwright terms.</summary>
internal static class PortalPages
{
    /// <summary>
    /// Runs an action that loads a page of the main layout and waits until that page is interactive: clicks on
    /// prerendered HTML do nothing before the Blazor circuit attaches. The layout imports js/portal.js on its first
    /// interactive render, after every component of that render has its event handlers, so that request is the signal.
    /// </summary>
    public static async Task RunAndWaitForInteractiveAsync(this IPage page, Func<Task> action)
    {
        try
        {
            await page.RunAndWaitForRequestAsync(action, request => new Uri(request.Url).AbsolutePath == "/js/portal.js");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException(
                $"{page.Url} did not become interactive: the main layout's first interactive render (which imports js/portal.js) did not happen.", e);
        }
    }

    /// <summary>Fills the sign-in form and submits it; the caller expects where that leads.</summary>
    public static async Task SubmitSignInAsync(this IPage page, string userName, string password)
    {
        await page.GetByTestId("login-username").FillAsync(userName);
        await page.GetByTestId("login-password").FillAsync(password);
        await page.GetByTestId("login-submit").ClickAsync();
    }

    /// <summary>Opens the sign-in page, signs in and waits for the interactive home page.</summary>
    public static async Task SignInAsync(this IPage page, PortalProcess portal, string userName, string password)
    {
        await page.GotoAsync(new Uri(portal.BaseAddress, "account/login").ToString());
        await page.RunAndWaitForInteractiveAsync(() => page.SubmitSignInAsync(userName, password));
        await Expect(page).ToHaveURLAsync(portal.BaseAddress.ToString());
    }

    /// <summary>Signs out through the user menu in the app bar.</summary>
    public static async Task SignOutAsync(this IPage page, PortalProcess portal)
    {
        await page.GetByTestId("user-menu").ClickAsync();
        await page.GetByTestId("logout").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Uri(portal.BaseAddress, "account/login").ToString());
    }

    /// <summary>A user name nobody else in this run has: 'prefix-' and 8 hex digits.</summary>
    public static string UniqueUserName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];
}
