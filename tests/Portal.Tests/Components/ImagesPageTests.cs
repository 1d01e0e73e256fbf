using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Components.Images;
using Portal.Components.Pages;
using Portal.Data.Entities;
using Portal.Engine.Containers;
using Portal.Engine.Images;
using Portal.Engine.Tests.Images;
using Portal.Engine.Tests.Integration;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Components;

/// <summary>The Images page and its dialogs over the real image manager of a portal: real engine, real lab registry.</summary>
public sealed class ImagesPageTests : PortalComponentTestBase, IClassFixture<PortalAppFactory>
{
    private readonly PortalAppFactory _portal;

    public ImagesPageTests(PortalAppFactory portal)
    {
        _portal = portal;
        this.AddPortalEngineServices(portal);
    }

    [Fact]
    public async Task ImagesPage_PullQuery_OpensThePullDialogPrefilledWithItsDockerLine()
    {
        var member = await _portal.CreateUserAsync("img-ui", PortalRoles.Member);
        AddAuthorization().SetAuthorized(member).SetRoles(PortalRoles.Member);
        var reference = $"127.0.0.1:5000/{member}/from-registry:v2";
        Services.GetRequiredService<NavigationManager>().NavigateTo("/images?pull=" + Uri.EscapeDataString(reference));
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();

        var cut = Render<Images>();

        dialogs.WaitForAssertion(() => Assert.Equal(reference, dialogs.Find("[data-testid=pull-reference]").GetAttribute("value")), TestTimeout.Render);
        Assert.Equal($"docker pull {reference}", dialogs.Find("[data-testid=pull-command]").TextContent);
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=image-tags]")), TestTimeout.Render);
    }

    [Fact]
    public async Task PullDialog_ImageInTheLabRegistry_ShowsEachLayerDone()
    {
        await using var kit = new ImageTestKit();
        var member = await _portal.CreateUserAsync("img-pull", PortalRoles.Member);
        AddAuthorization().SetAuthorized(member).SetRoles(PortalRoles.Member);
        var reference = kit.LabName(member, "ui-pulled");
        await kit.BuildUniqueAsync(reference, TestTimeout.Token());
        await DockerCli.OutputAsync(["push", reference], TestTimeout.Token());
        await DockerCli.OutputAsync(["rmi", reference], TestTimeout.Token());
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        var parameters = new DialogParameters<PullImageDialog> { { d => d.Reference, reference } };
        await dialogs.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<PullImageDialog>("Pull", parameters));

        dialogs.WaitForElement("[data-testid=pull-start]", TestTimeout.Render).Click();

        dialogs.WaitForAssertion(() => Assert.Contains($"Pulled {reference}", dialogs.Find("[data-testid=pull-done]").TextContent), TestTimeout.Default);
        // The progress view renders its own batches, so its last one may follow the result by a frame.
        dialogs.WaitForAssertion(
            () =>
            {
                Assert.Equal("true", dialogs.Find("[data-testid=image-progress]").GetAttribute("data-done"));
                Assert.Contains(dialogs.FindAll("[data-testid=image-progress-layer]"), row => row.TextContent.Contains("Pull complete", StringComparison.Ordinal));
                Assert.Equal("100%", dialogs.Find("[data-testid=image-progress-overall]").TextContent);
            },
            TestTimeout.Render);
    }

    [Fact]
    public async Task PullDialog_MissingTag_SaysTheManifestWasNotFound()
    {
        var member = await _portal.CreateUserAsync("img-miss", PortalRoles.Member);
        AddAuthorization().SetAuthorized(member).SetRoles(PortalRoles.Member);
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        var parameters = new DialogParameters<PullImageDialog> { { d => d.Reference, $"127.0.0.1:5000/{member}/nothing:nope" } };
        await dialogs.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<PullImageDialog>("Pull", parameters));

        dialogs.WaitForElement("[data-testid=pull-start]", TestTimeout.Render).Click();

        dialogs.WaitForAssertion(() => Assert.StartsWith($"manifest for 127.0.0.1:5000/{member}/nothing:nope not found", dialogs.Find("[data-testid=pull-error]").TextContent, StringComparison.Ordinal), TestTimeout.Default);
    }

    [Fact]
    public async Task BuildDialog_Dockerfile_StreamsTheLogAndSaysBuilt()
    {
        await using var kit = new ImageTestKit();
        var member = await _portal.CreateUserAsync("img-build", PortalRoles.Member);
        AddAuthorization().SetAuthorized(member).SetRoles(PortalRoles.Member);
        var reference = kit.LabName(member, "ui-built");
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        var parameters = new DialogParameters<BuildImageDialog> { { d => d.Namespace, $"127.0.0.1:5000/{member}/" } };
        await dialogs.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<BuildImageDialog>("Build", parameters));
        dialogs.WaitForAssertion(() => Assert.Equal($"127.0.0.1:5000/{member}/my-env:latest", dialogs.Find("[data-testid=build-reference]").GetAttribute("value")), TestTimeout.Render);

        dialogs.Find("[data-testid=build-reference]").Input(reference);
        dialogs.Find("[data-testid=build-dockerfile]").Input($"FROM {ImageTestKit.ShellImage}\nRUN echo built-in-the-dialog\n");
        Assert.Equal($"docker build --tag {reference} - < Dockerfile", dialogs.Find("[data-testid=build-command]").TextContent);
        dialogs.Find("[data-testid=build-start]").Click();

        dialogs.WaitForAssertion(() => Assert.Contains($"Built {reference}", dialogs.Find("[data-testid=build-done]").TextContent), TestTimeout.Default);
        var log = dialogs.Find("[data-testid=image-progress-log]").TextContent;
        Assert.Contains("Step 2/2 : RUN echo built-in-the-dialog", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LayersDialog_UniqueImage_MarksTheBiggestLayerWithItsInstruction()
    {
        await using var kit = new ImageTestKit();
        AddAuthorization().SetAuthorized(PortalAppFactory.AdminUserName).SetRoles(PortalRoles.Admin);
        var reference = kit.LabName("layers", "ui-layers");
        await kit.BuildUniqueAsync(reference, TestTimeout.Token());
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        var parameters = new DialogParameters<ImageLayersDialog> { { d => d.Image, reference } };

        await dialogs.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<ImageLayersDialog>("Layers", parameters));

        dialogs.WaitForAssertion(() => Assert.NotEmpty(dialogs.FindAll("[data-testid=layer-row]")), TestTimeout.Render);
        var biggest = dialogs.FindAll("[data-testid=layer-row]").First(row => row.QuerySelector("[data-testid=layer-big]") is not null);
        Assert.Contains("RUN head -c 400000 /dev/urandom > /blob.bin", biggest.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void CommitDialog_Container_OffersANameInTheMembersNamespaceAndTheDockerLines()
    {
        AddAuthorization().SetAuthorized("alice").SetRoles(PortalRoles.Member);
        var container = new ContainerSummary("0123456789abcdef", "alice-My_Notebook", ImageTestKit.ShellImage, "running", "Up", DateTimeOffset.UtcNow, "alice", new Dictionary<string, string> { [PortalLabels.Managed] = "true", [PortalLabels.Name] = "My_Notebook" });
        var dialogs = Render<MudDialogProvider>();
        var parameters = new DialogParameters<CommitContainerDialog>
        {
            { d => d.Container, container },
            { d => d.Namespace, "127.0.0.1:5000/alice/" },
            { d => d.Today, new DateTimeOffset(2026, 11, 25, 3, 0, 0, TimeSpan.Zero) },
        };

        dialogs.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<CommitContainerDialog>("Save", parameters));

        dialogs.WaitForAssertion(() => Assert.Equal("127.0.0.1:5000/alice/my_notebook:20261125", dialogs.Find("[data-testid=commit-reference]").GetAttribute("value")), TestTimeout.Render);
        Assert.Equal(
            "docker commit alice-My_Notebook 127.0.0.1:5000/alice/my_notebook:20261125\ndocker push 127.0.0.1:5000/alice/my_notebook:20261125",
            dialogs.Find("[data-testid=commit-command]").TextContent);
    }

    [Theory]
    [InlineData("/bin/sh -c #(nop)  CMD [\"sh\"]", "", "CMD [\"sh\"]")]
    [InlineData("/bin/sh -c pip install numpy", "", "RUN pip install numpy")]
    [InlineData("", "Imported from -", "Imported from -")]
    public void LayerInstruction_ReadsLikeTheLineThatMadeIt(string createdBy, string comment, string expected) =>
        Assert.Equal(expected, ImageLayersDialog.Instruction(createdBy, comment));
}
