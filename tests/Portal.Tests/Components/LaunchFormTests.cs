using Portal.Components.Containers;
using Portal.Engine.Templates;

namespace Portal.Tests.Components;

/// <summary>How the Launch form's text becomes a launch request, and how its docker run is laid out.</summary>
public sealed class LaunchFormTests
{
    [Fact]
    public void ToRequest_LinesAndLists_BecomeArgumentsVariablesAndPorts()
    {
        var form = new LaunchForm
        {
            Name = " train ",
            Image = "portal/python",
            Command = "python3\r\n-c\n\nprint('a b')\n",
            Env = "A=1\nB=x=y\n\n",
            Ports = "8888, 6006 ;7000",
            Gpus = 2,
        };

        var (request, errors) = form.ToRequest();

        Assert.Empty(errors);
        Assert.Equal("train", request.Name);
        Assert.Equal(["python3", "-c", "print('a b')"], request.Command);
        Assert.Equal("1", request.Env!["A"]);
        Assert.Equal("x=y", request.Env["B"]);
        Assert.Equal([8888, 6006, 7000], request.Ports);
        Assert.Equal(2, request.Gpus);
    }

    [Fact]
    public void ToRequest_UnreadableLines_NamesTheFields()
    {
        var form = new LaunchForm { Image = "portal/shell", Env = "GOOD=1\nnot a pair", Ports = "80, http" };

        var (_, errors) = form.ToRequest("placeholder");

        Assert.Equal("Line 2: write KEY=VALUE.", errors["env"]);
        Assert.Equal("'http' is not a port number.", errors["ports"]);
    }

    [Fact]
    public void Apply_Template_FillsTheFormAndKeepsATypedName()
    {
        var template = new TemplateView
        {
            Id = Guid.NewGuid(),
            Name = "Jupyter Notebook (GPU)",
            Image = "portal/python:latest",
            Command = ["python3", "-m", "notebook"],
            Env = new Dictionary<string, string> { ["TOKEN"] = "t" },
            Ports = [8888],
            Gpus = 1,
            Workspace = true,
        };
        var blank = new LaunchForm();
        var named = new LaunchForm { Name = "mine" };

        blank.Apply(template, defaultShmSizeMiB: 2048);
        named.Apply(template, defaultShmSizeMiB: 2048);

        Assert.Equal("jupyter-notebook-gpu", blank.Name);
        Assert.Equal("mine", named.Name);
        Assert.Equal("python3\n-m\nnotebook", blank.Command);
        Assert.Equal("TOKEN=t", blank.Env);
        Assert.Equal("8888", blank.Ports);
        Assert.Equal(1, blank.Gpus);
        Assert.Equal(2048, blank.ShmSizeMiB);
        Assert.True(blank.Workspace);
    }

    [Fact]
    public void DockerRunText_WithImage_PutsOptionsOnTheirOwnLinesAndKeepsTheCommandTogether()
    {
        const string run = "docker run -d --name a-b -e 'X=a -b' --cpus 2 portal/python:latest python3 -m notebook --ip 0.0.0.0";

        var text = DockerRunText.Format(run, "portal/python:latest");

        Assert.Equal(
            "docker run -d \\\n    --name a-b \\\n    -e 'X=a -b' \\\n    --cpus 2 \\\n    portal/python:latest python3 -m notebook --ip 0.0.0.0",
            text);
    }
}
