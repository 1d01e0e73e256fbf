using Bunit;
using Portal.Components.Account;

namespace Portal.Tests.Components;

public sealed class LoginFormTests : PortalComponentTestBase
{
    [Fact]
    public void LoginForm_Default_RendersUserNameAndPasswordFields()
    {
        var cut = Render<LoginForm>();

        Assert.Equal("username", cut.Find("#username").GetAttribute("autocomplete"));
        Assert.Equal("password", cut.Find("#password").GetAttribute("type"));
        Assert.Equal("User name", cut.Find("label[for=username]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=login-error]"));
    }

    [Fact]
    public void LoginForm_ErrorGiven_ShowsIt()
    {
        var cut = Render<LoginForm>(parameters => parameters.Add(form => form.Error, "Wrong user name or password."));

        Assert.Contains("Wrong user name or password.", cut.Find("[data-testid=login-error]").TextContent);
    }

    [Fact]
    public void LoginForm_OrganisationalSignInOff_HidesTheButton()
    {
        var cut = Render<LoginForm>(parameters => parameters.Add(form => form.ShowOrganisationalSignIn, false));

        Assert.Empty(cut.FindAll("[data-testid=login-organisation]"));
    }

    [Fact]
    public void LoginForm_OrganisationalSignInOn_ShowsTheButtonWithTheReturnUrl()
    {
        var cut = Render<LoginForm>(parameters => parameters
            .Add(form => form.ShowOrganisationalSignIn, true)
            .Add(form => form.ReturnUrl, "/gpus"));

        var button = cut.Find("[data-testid=login-organisation]");
        Assert.Equal("account/external-login?returnUrl=%2Fgpus", button.GetAttribute("href"));
        Assert.Contains("Sign in with your organisation", button.TextContent);
    }

    [Fact]
    public void LoginForm_SubmittedEmpty_ShowsValidationMessagesAndDoesNotSubmit()
    {
        var submitted = false;
        var cut = Render<LoginForm>(parameters => parameters.Add(form => form.OnSubmit, () => submitted = true));

        cut.Find("form").Submit();

        var messages = cut.FindAll(".validation-message").Select(m => m.TextContent).ToList();
        Assert.Contains("Enter your user name.", messages);
        Assert.Contains("Enter your password.", messages);
        Assert.False(submitted);
    }

    [Fact]
    public void LoginForm_SubmittedFilledIn_CallsOnSubmitWithTheInput()
    {
        var input = new LoginInput();
        var submitted = false;
        var cut = Render<LoginForm>(parameters => parameters
            .Add(form => form.Input, input)
            .Add(form => form.OnSubmit, () => submitted = true));

        cut.Find("#username").Change("ada");
        cut.Find("#password").Change("secret-password");
        cut.Find("form").Submit();

        Assert.True(submitted);
        Assert.Equal("ada", input.UserName);
        Assert.Equal("secret-password", input.Password);
        Assert.Empty(cut.FindAll(".validation-message"));
    }
}
