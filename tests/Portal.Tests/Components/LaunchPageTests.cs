using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Portal.Components.Pages;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Components;

/// <summary>The Launch page over the real engine services of a portal with eight (captured) GPUs.</summary>
public sealed class LaunchPageTests : PortalComponentTestBase, IClassFixture<GpuPortalAppFactory>
{
    private readonly GpuPortalAppFactory _portal;

    public LaunchPageTests(GpuPortalAppFactory portal)
    {
        _portal = portal;
        this.AddPortalEngineServices(portal);
    }

    [Fact]
    public async Task DockerRunPreview_ImageThenGpuCountThenImageChange_FollowsTheForm()
    {
        await _portal.WaitUntilReadyAsync();
        AddAuthorization().SetAuthorized(await _portal.CreateUserAsync("preview"));
        var cut = Render<Launch>();
        Assert.Contains("Pick a template or type an image", DockerRun(cut));

        // The page re-renders by itself (its GPU leases watch), so each input is repeated until the preview shows it.
        cut.InteractUntil(
            () =>
            {
                Field(cut, "launch-name").Input("train");
                Field(cut, "launch-image").Input("portal/shell:latest");
            },
            () => Assert.Contains("portal/shell:latest", DockerRun(cut)));
        Assert.Contains("NVIDIA_VISIBLE_DEVICES=void", DockerRun(cut));
        Assert.Contains("--shm-size 2048m", DockerRun(cut));
        Assert.Contains("--security-opt no-new-privileges", DockerRun(cut));

        cut.InteractUntil(() => Field(cut, "launch-gpus").Input("2"), () => Assert.Contains("NVIDIA_VISIBLE_DEVICES=<2 picked by the portal>", DockerRun(cut)));

        cut.InteractUntil(
            () =>
            {
                Field(cut, "launch-image").Input("portal/python:latest");
                Field(cut, "launch-command", "textarea").Input("python3\n-m\nhttp.server");
            },
            () => Assert.Contains("portal/python:latest python3", DockerRun(cut)));
        Assert.DoesNotContain("portal/shell", DockerRun(cut));
        Assert.Contains("<2 picked by the portal>", DockerRun(cut));
        Assert.Empty(cut.FindAll("[data-testid=preview-error]"));
    }

    [Fact]
    public async Task DockerRunPreview_ImageNotOnTheAllowList_ShowsThePolicyError()
    {
        await _portal.WaitUntilReadyAsync();
        AddAuthorization().SetAuthorized(await _portal.CreateUserAsync("policy"));
        var cut = Render<Launch>();

        cut.InteractUntil(
            () => Field(cut, "launch-image").Input("docker.io/someone/miner:latest"),
            () => Assert.Contains("not on the lab's allow-list", cut.Find("[data-testid=preview-error]").TextContent));
        Assert.Contains("portal/*", cut.Find("[data-testid=preview-error]").TextContent);
    }

    [Fact]
    public async Task DockerRunPreview_MoreGpusThanTheQuota_NamesTheLimit()
    {
        await _portal.WaitUntilReadyAsync();
        AddAuthorization().SetAuthorized(await _portal.CreateUserAsync("greedy"));
        var cut = Render<Launch>();
        cut.InteractUntil(() => Field(cut, "launch-image").Input("portal/shell:latest"), () => Assert.Contains("portal/shell:latest", DockerRun(cut)));

        cut.InteractUntil(() => Field(cut, "launch-gpus").Input("3"), () => Assert.Contains("your limit is 2", cut.Find("[data-testid=preview-error]").TextContent));
        Assert.Contains("free now; your limit 2", cut.Find("[data-testid=launch-form]").TextContent);
    }

    [Fact]
    public async Task ImageQuery_FromTheRegistryPage_PrefillsTheImage()
    {
        await _portal.WaitUntilReadyAsync();
        AddAuthorization().SetAuthorized(await _portal.CreateUserAsync("prefill"));
        Services.GetRequiredService<NavigationManager>().NavigateTo("/containers/launch?image=127.0.0.1%3A5000%2Fprefill%2Fapp%3Av1");

        var cut = Render<Launch>();

        Assert.Equal("127.0.0.1:5000/prefill/app:v1", Field(cut, "launch-image").GetAttribute("value"));
        cut.WaitForAssertion(() => Assert.Contains("127.0.0.1:5000/prefill/app:v1", DockerRun(cut)), TestTimeout.Render);
    }

    private static string DockerRun(IRenderedComponent<Launch> cut) => cut.Find("[data-testid=docker-run]").TextContent;

    // MudBlazor 9 puts the test id on the input itself; earlier versions on a wrapper.
    private static IElement Field(IRenderedComponent<Launch> cut, string testId, string element = "input") =>
        cut.Find($"{element}[data-testid={testId}], [data-testid={testId}] {element}");
}
