using Portal.Engine.Audit;
using Portal.Engine.Containers;
using Portal.Engine.Images;
using Portal.Engine.Launch;
using Portal.Engine.Tests.Integration;

namespace Portal.Engine.Tests.Images;

/// <summary>Tags and removals on the real engine: members name only in their namespace and remove only their own images, never one in use.</summary>
public sealed class ImageNamingAndRemovalTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(180);

    [Fact]
    public async Task Tag_MemberInOwnNamespace_AddsTheName()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var kit = new ImageTestKit();
        await using var env = new EngineEnvironment(ImageEngine.QuietSettings);
        var engine = await env.StartEngineAsync(cts.Token);
        var alice = new Actor(env.NewUser(), IsAdmin: false);
        var reference = kit.LabName(alice.UserName, "my-shell", "2026");

        var result = await engine.Images().TagAsync(alice, EngineEnvironment.ShellImage, reference, cts.Token);

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal($"docker tag {EngineEnvironment.ShellImage} {reference}", result.Command);
        Assert.Equal(
            await DockerCli.OutputAsync(["image", "inspect", "--format", "{{.Id}}", EngineEnvironment.ShellImage], cts.Token),
            await DockerCli.OutputAsync(["image", "inspect", "--format", "{{.Id}}", reference], cts.Token));
        Assert.Contains(await engine.AuditAsync(alice.UserName, "image.tag", cts.Token), e => e.Outcome == AuditOutcome.Succeeded && e.Target == reference);
    }

    [Theory]
    [InlineData("portal/python:latest")]
    [InlineData("127.0.0.1:5000/someone-else/env:v1")]
    [InlineData("localhost:5000/{user}/env:v1")]
    public async Task Tag_MemberOutsideOwnNamespace_IsRefusedAndNothingChanges(string target)
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var env = new EngineEnvironment(ImageEngine.QuietSettings);
        var engine = await env.StartEngineAsync(cts.Token);
        var alice = new Actor(env.NewUser(), IsAdmin: false);
        target = target.Replace("{user}", alice.UserName, StringComparison.Ordinal);
        var before = await DockerCli.RunAsync(["image", "inspect", "--format", "{{.Id}}", target], cts.Token);

        var result = await engine.Images().TagAsync(alice, EngineEnvironment.ShellImage, target, cts.Token);

        Assert.Equal(ImageErrorCodes.NameNotAllowed, result.Error!.Code);
        Assert.Equal(before, await DockerCli.RunAsync(["image", "inspect", "--format", "{{.Id}}", target], cts.Token));
        Assert.Contains(await engine.AuditAsync(alice.UserName, "image.tag", cts.Token), e => e.Outcome == AuditOutcome.Refused);
    }

    [Fact]
    public async Task Remove_OwnImage_DeletesItAndItsRecord()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var kit = new ImageTestKit();
        await using var env = new EngineEnvironment(ImageEngine.QuietSettings);
        var engine = await env.StartEngineAsync(cts.Token);
        var alice = new Actor(env.NewUser(), IsAdmin: false);
        var reference = kit.LabName(alice.UserName, "to-remove");
        var built = await engine.Images().BuildAsync(alice, new ImageBuildRequest($"FROM {EngineEnvironment.ShellImage}\nRUN echo {Guid.NewGuid():N} > /unique\n", reference, null), null, cts.Token);
        Assert.True(built.Succeeded, built.Error?.Message);

        var result = await engine.Images().RemoveAsync(alice, built.ImageId!, cts.Token);

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Null(result.ImageId);
        Assert.Equal(string.Empty, await DockerCli.OutputAsync(["images", "-q", reference], cts.Token));
        Assert.Null(await env.RecordAsync(built.ImageId!, cts.Token));
        Assert.Contains(await engine.AuditAsync(alice.UserName, "image.remove", cts.Token), e => e.Outcome == AuditOutcome.Succeeded);
    }

    [Fact]
    public async Task Remove_AnotherMembersImage_IsRefusedAndTheImageStays()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var kit = new ImageTestKit();
        await using var env = new EngineEnvironment(ImageEngine.QuietSettings);
        var engine = await env.StartEngineAsync(cts.Token);
        var alice = new Actor(env.NewUser(), IsAdmin: false);
        var bob = new Actor(env.NewUser(), IsAdmin: false);
        var reference = kit.LabName(alice.UserName, "alices");
        var built = await engine.Images().BuildAsync(alice, new ImageBuildRequest($"FROM {EngineEnvironment.ShellImage}\nRUN echo {Guid.NewGuid():N} > /unique\n", reference, null), null, cts.Token);
        Assert.True(built.Succeeded, built.Error?.Message);

        var byName = await engine.Images().RemoveAsync(bob, reference, cts.Token);
        var byId = await engine.Images().RemoveAsync(bob, built.ImageId!, cts.Token);
        var shared = await engine.Images().RemoveAsync(bob, EngineEnvironment.ShellImage, cts.Token);

        Assert.Equal(ImageErrorCodes.NotOwner, byName.Error!.Code);
        Assert.Equal(ImageErrorCodes.NotOwner, byId.Error!.Code);
        Assert.Equal(ImageErrorCodes.NotOwner, shared.Error!.Code);
        Assert.NotEqual(string.Empty, await DockerCli.OutputAsync(["images", "-q", reference], cts.Token));
        Assert.NotEqual(string.Empty, await DockerCli.OutputAsync(["images", "-q", EngineEnvironment.ShellImage], cts.Token));
    }

    [Fact]
    public async Task Remove_ImageAContainerUses_IsRefusedAsInUse()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var kit = new ImageTestKit();
        await using var env = new EngineEnvironment(ImageEngine.QuietSettings);
        var engine = await env.StartEngineAsync(cts.Token);
        var alice = new Actor(env.NewUser(), IsAdmin: false);
        var reference = kit.LabName(alice.UserName, "in-use");
        var built = await engine.Images().BuildAsync(alice, new ImageBuildRequest($"FROM {EngineEnvironment.ShellImage}\nRUN echo {Guid.NewGuid():N} > /unique\n", reference, null), null, cts.Token);
        Assert.True(built.Succeeded, built.Error?.Message);
        var launched = await engine.Manager.LaunchAsync(alice, new LaunchRequest { Name = "user-of-image", Image = reference, Command = ["sleep", "600"] }, cts.Token);
        Assert.True(launched.Succeeded, launched.Error?.Message);

        var result = await engine.Images().RemoveAsync(alice, reference, cts.Token);

        Assert.Equal(ImageErrorCodes.InUse, result.Error!.Code);
        Assert.Contains("in use", result.Error.Message, StringComparison.Ordinal);
        Assert.Contains(await engine.Images().ListAsync(cts.Token), i => i.Id == built.ImageId && i.UsedBy.Contains("user-of-image"));
        Assert.Contains(await engine.AuditAsync(alice.UserName, "image.remove", cts.Token), e => e.Outcome == AuditOutcome.Refused && e.Detail!.StartsWith(ImageErrorCodes.InUse, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Push_MemberOutsideOwnNamespace_IsRefused()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var env = new EngineEnvironment(ImageEngine.QuietSettings);
        var engine = await env.StartEngineAsync(cts.Token);
        var alice = new Actor(env.NewUser(), IsAdmin: false);

        var result = await engine.Images().PushAsync(alice, "127.0.0.1:5000/portal/shell:latest", null, cts.Token);

        Assert.Equal(ImageErrorCodes.NameNotAllowed, result.Error!.Code);
    }

    [Fact]
    public async Task Remove_ByIdOwnImageThatAlsoHasASharedName_IsRefused()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var kit = new ImageTestKit();
        await using var env = new EngineEnvironment(ImageEngine.QuietSettings);
        var engine = await env.StartEngineAsync(cts.Token);
        var alice = new Actor(env.NewUser(), IsAdmin: false);
        var reference = kit.LabName(alice.UserName, "also-shared");
        var built = await engine.Images().BuildAsync(alice, new ImageBuildRequest($"FROM {EngineEnvironment.ShellImage}\nRUN echo {Guid.NewGuid():N} > /unique\n", reference, null), null, cts.Token);
        Assert.True(built.Succeeded, built.Error?.Message);
        var shared = kit.Track("portal-test/shared-" + Guid.NewGuid().ToString("N")[..8], "latest");
        await DockerCli.OutputAsync(["tag", reference, shared], cts.Token);

        var byId = await engine.Images().RemoveAsync(alice, built.ImageId!, cts.Token);
        var sharedByName = await engine.Images().RemoveAsync(alice, shared, cts.Token);
        var ownByName = await engine.Images().RemoveAsync(alice, reference, cts.Token);

        Assert.Equal(ImageErrorCodes.NotOwner, byId.Error!.Code);
        Assert.Equal(ImageErrorCodes.NotOwner, sharedByName.Error!.Code);
        Assert.True(ownByName.Succeeded, ownByName.Error?.Message);
        Assert.Equal(built.ImageId + "\n", await DockerCli.OutputAsync(["image", "inspect", "--format", "{{.Id}}", shared], cts.Token));
    }
}
