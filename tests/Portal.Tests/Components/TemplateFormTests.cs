using Portal.Components.Pages.Admin;
using Portal.Engine.Templates;

namespace Portal.Tests.Components;

/// <summary>How the template dialog reads what an admin types: command lines or a JSON array, KEY=VALUE lines, port lists.</summary>
public sealed class TemplateFormTests
{
    [Fact]
    public void ToInput_OneArgumentPerLine_KeepsSpacesInsideArguments()
    {
        var form = new TemplateForm { Name = "t", Image = "portal/python", Command = "python\r\n\n-c\nprint('a b')\n" };

        var (input, errors) = form.ToInput();

        Assert.Empty(errors);
        Assert.Equal(["python", "-c", "print('a b')"], input!.Command);
    }

    [Fact]
    public void ToInput_JsonArray_IsReadAsTheArguments()
    {
        var form = new TemplateForm { Name = "t", Image = "portal/python", Command = """["bash", "-c", "echo one\necho two"]""" };

        var (input, _) = form.ToInput();

        Assert.Equal(["bash", "-c", "echo one\necho two"], input!.Command);
    }

    [Fact]
    public void ToInput_BrokenJsonBadEnvLineAndBadPort_ReportsEachField()
    {
        var form = new TemplateForm { Name = "t", Image = "portal/python", Command = "[\"unclosed", Env = "GOOD=1\nnot a pair\nGOOD=2", Ports = "8888, web" };

        var (input, errors) = form.ToInput();

        Assert.Null(input);
        Assert.Equal(["command", "env", "ports"], errors.Keys.Order());
        Assert.Equal(["Line 2: write KEY=VALUE.", "Line 3: GOOD is set twice."], errors["env"]);
    }

    [Fact]
    public void From_ThenToInput_GivesBackTheTemplate()
    {
        var template = new TemplateView
        {
            Id = Guid.NewGuid(),
            Name = "Round trip",
            Image = "portal/python:3.12",
            Command = ["sh", "-c", "echo a\necho b"],
            Env = new Dictionary<string, string> { ["A"] = "1", ["B"] = "x=y" },
            Ports = [8888, 6006],
            Gpus = 2,
            Cpus = 1.5,
            MemoryMiB = 2048,
            ShmSizeMiB = 512,
            Workspace = true,
        };

        var (input, errors) = TemplateForm.From(template).ToInput();

        Assert.Empty(errors);
        Assert.Equal(
            new TemplateInput(template.Name, null, template.Image, template.Command, template.Env, template.Ports, 2, 1.5, 2048, 512, true),
            input! with { Command = template.Command, Env = template.Env, Ports = template.Ports });
        Assert.Equal(template.Command, input.Command);
        Assert.Equal(template.Env, input.Env);
        Assert.Equal(template.Ports, input.Ports);
    }
}
