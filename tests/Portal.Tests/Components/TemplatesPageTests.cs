using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Components.Pages.Admin;
using Portal.Data.Entities;
using Portal.Engine.Templates;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Components;

/// <summary>The Templates page over the real template service of a portal on a real SQLite file.</summary>
public sealed class TemplatesPageTests : PortalComponentTestBase, IClassFixture<PortalAppFactory>
{
    private readonly ITemplateService _templates;

    public TemplatesPageTests(PortalAppFactory portal)
    {
        _templates = portal.Services.GetRequiredService<ITemplateService>();
        Services.AddSingleton(_templates);
        AddAuthorization().SetAuthorized(PortalAppFactory.AdminUserName).SetRoles(PortalRoles.Admin);
    }

    [Fact]
    public async Task TemplateDialog_FilledIn_AddsARowWithTheParsedFields()
    {
        var name = $"Notebook {Guid.NewGuid():N}";
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<Templates>();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=templates-table]")), TestTimeout.Render);

        cut.Find("[data-testid=new-template]").Click();
        dialogs.WaitForElement("[data-testid=template-name]", TestTimeout.Render).Input(name);
        dialogs.Find("[data-testid=template-image]").Input("portal/jupyter:latest");
        dialogs.Find("[data-testid=template-command]").Change("jupyter\nlab\n--ip=0.0.0.0\n");
        dialogs.Find("[data-testid=template-env]").Change("JUPYTER_TOKEN=lab\n# a comment\nGREETING=a=b");
        dialogs.Find("[data-testid=template-ports]").Change("8888, 6006");
        dialogs.Find("[data-testid=template-gpus]").Change("1");
        dialogs.Find("[data-testid=template-save]").Click();

        cut.WaitForAssertion(() => Assert.Contains(name, Names(cut)), TestTimeout.Render);
        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll(".mud-dialog")), TestTimeout.Render);
        var stored = (await _templates.ListAsync(TestTimeout.Token()).WithTimeout()).Single(t => t.Name == name);
        Assert.Equal(["jupyter", "lab", "--ip=0.0.0.0"], stored.Command);
        Assert.Equal(new Dictionary<string, string> { ["JUPYTER_TOKEN"] = "lab", ["GREETING"] = "a=b" }, stored.Env);
        Assert.Equal([8888, 6006], stored.Ports);
        Assert.Equal(1, stored.Gpus);
    }

    [Fact]
    public void TemplateDialog_ReservedVariable_ShowsTheServicesMessageAndStaysOpen()
    {
        var name = $"Greedy {Guid.NewGuid():N}";
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<Templates>();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=templates-table]")), TestTimeout.Render);

        cut.Find("[data-testid=new-template]").Click();
        dialogs.WaitForElement("[data-testid=template-name]", TestTimeout.Render).Input(name);
        dialogs.Find("[data-testid=template-image]").Input("portal/python");
        dialogs.Find("[data-testid=template-env]").Change("NVIDIA_VISIBLE_DEVICES=all");
        dialogs.Find("[data-testid=template-save]").Click();

        dialogs.WaitForAssertion(
            () => Assert.Contains("NVIDIA_VISIBLE_DEVICES cannot be set", dialogs.Find("[data-testid=template-error]").TextContent),
            TestTimeout.Render);
        Assert.DoesNotContain(name, Names(cut));
    }

    [Fact]
    public async Task DeleteTemplate_Confirmed_RemovesTheRow()
    {
        var name = $"Doomed {Guid.NewGuid():N}";
        var created = await _templates.CreateAsync("tests", new TemplateInput(name, null, "portal/python", null, null, null, 0, null, null, null, false), TestTimeout.Token()).WithTimeout();
        Assert.True(created.Succeeded, created.Error?.Message);
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<Templates>();
        cut.WaitForAssertion(() => Assert.Contains(name, Names(cut)), TestTimeout.Render);

        cut.Find($"button[aria-label='Delete {name}']").Click();
        dialogs.WaitForElement(".mud-dialog .mud-message-box__yes-button, .mud-dialog button:last-child", TestTimeout.Render);
        dialogs.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Delete").Click();

        cut.WaitForAssertion(() => Assert.DoesNotContain(name, Names(cut)), TestTimeout.Render);
        Assert.Null(await _templates.GetAsync(created.Template!.Id, TestTimeout.Token()).WithTimeout());
    }

    private static List<string> Names(IRenderedComponent<Templates> cut) =>
        cut.FindAll("[data-testid=templates-table] tbody tr td[data-label=Name] b").Select(b => b.TextContent.Trim()).ToList();
}
