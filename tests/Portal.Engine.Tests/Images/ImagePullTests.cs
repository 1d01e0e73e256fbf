using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Entities;
using Portal.Engine.Audit;
using Portal.Engine.Containers;
using Portal.Engine.Disk;
using Portal.Engine.Images;
using Portal.Engine.Launch;
using Portal.Engine.Quotas;
using Portal.Engine.Tests.Integration;
using Portal.Engine.Tests.Registries;

namespace Portal.Engine.Tests.Images;

/// <summary>Pulls on the real engine from the real lab registry: progress per layer, clear errors, the allow-list and the disk quota.</summary>
public sealed class ImagePullTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(180);

    [Fact]
    public async Task Pull_FromLabRegistry_ReportsEveryLayerDoneAndRecordsTheOwner()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var kit = new ImageTestKit();
        await using var env = new EngineEnvironment(ImageEngine.QuietSettings);
        var engine = await env.StartEngineAsync(cts.Token);
        var alice = new Actor(env.NewUser(), IsAdmin: false);
        var reference = kit.LabName(alice.UserName, "pulled");
        await kit.BuildUniqueAsync(reference, cts.Token);
        await DockerCli.OutputAsync(["push", reference], cts.Token);
        await DockerCli.OutputAsync(["rmi", reference], cts.Token);
        var progress = new ImageProgress();
        var seen = new List<ImageProgressSnapshot>();
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(cts.Token);
        var watcher = Task.Run(
            async () =>
            {
                await foreach (var snapshot in progress.WatchAsync(watching.Token))
                {
                    seen.Add(snapshot);
                    if (snapshot.Done)
                    {
                        return;
                    }
                }
            },
            cts.Token);

        var result = await engine.Images().PullAsync(alice, reference, progress, cts.Token);

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal($"docker pull {reference}", result.Command);
        await watcher.WaitAsync(cts.Token);
        var final = progress.Current;
        Assert.True(final.Done);
        Assert.Null(final.Error);
        Assert.Equal("pull", final.Phase);
        Assert.NotEmpty(final.Layers);
        Assert.All(final.Layers, layer => Assert.Equal(1, layer.Fraction));
        Assert.Equal(1, final.Overall);
        // The new layer came over the wire; the shell image's layer was there already.
        Assert.Contains(final.Layers, l => l.Status == "Pull complete");
        Assert.Contains(final.Layers, l => l.Status == "Already exists");
        Assert.Contains(seen, s => s.Layers.Any(l => l.Fraction < 1));
        Assert.Equal(await DockerCli.OutputAsync(["image", "inspect", "--format", "{{.Id}}", reference], cts.Token), result.ImageId + "\n");
        var record = await env.RecordAsync(result.ImageId!, cts.Token);
        Assert.Equal((alice.UserName, ImageSources.Pull, reference), (record!.Owner, record.Source, record.Reference));
        var listed = Assert.Single(await engine.Images().ListAsync(cts.Token), i => i.Id == result.ImageId);
        Assert.Equal(alice.UserName, listed.Owner);
        Assert.Contains(reference, listed.Tags);
        Assert.Contains(await engine.AuditAsync(alice.UserName, "image.pull", cts.Token), e => e.Outcome == AuditOutcome.Succeeded && e.Target == reference);
    }

    [Fact]
    public async Task Pull_MissingTag_SaysManifestNotFoundAndLeavesNoImage()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var kit = new ImageTestKit();
        await using var env = new EngineEnvironment(ImageEngine.QuietSettings);
        var engine = await env.StartEngineAsync(cts.Token);
        var alice = new Actor(env.NewUser(), IsAdmin: false);
        var reference = kit.LabName(alice.UserName, "nothing-here", "missing");

        var result = await engine.Images().PullAsync(alice, reference, null, cts.Token);

        Assert.False(result.Succeeded);
        Assert.Equal(ImageErrorCodes.ManifestNotFound, result.Error!.Code);
        Assert.StartsWith($"manifest for {reference} not found", result.Error.Message, StringComparison.Ordinal);
        Assert.False(await engine.Services.GetRequiredService<IImageOperations>().ExistsAsync(reference, cts.Token));
        Assert.Contains(await engine.AuditAsync(alice.UserName, "image.pull", cts.Token), e => e.Outcome == AuditOutcome.Failed && e.Detail!.StartsWith(ImageErrorCodes.ManifestNotFound, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pull_UnreachableRegistry_SaysTheRegistryDidNotAnswer()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var env = new EngineEnvironment(ImageEngine.QuietSettings);
        var engine = await env.StartEngineAsync(cts.Token);
        var admin = new Actor(env.NewUser(), IsAdmin: true);
        var closedPort = RegistryProcess.FreePort();
        var reference = $"127.0.0.1:{closedPort}/nobody/nothing:v1";

        var result = await engine.Images().PullAsync(admin, reference, null, cts.Token);

        Assert.False(result.Succeeded);
        Assert.Equal(ImageErrorCodes.RegistryUnreachable, result.Error!.Code);
        Assert.StartsWith($"The registry 127.0.0.1:{closedPort} did not answer", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pull_CancelledByTheCaller_ThrowsAndIsAuditedAsCancelled()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var env = new EngineEnvironment(ImageEngine.QuietSettings);
        var engine = await env.StartEngineAsync(cts.Token);
        var admin = new Actor(env.NewUser(), IsAdmin: true);
        // A registry that takes the connection and never answers: the pull waits until its caller gives up.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var reference = $"127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/nobody/silent:v1";
        using var caller = CancellationTokenSource.CreateLinkedTokenSource(cts.Token);

        var pull = engine.Images().PullAsync(admin, reference, null, caller.Token);
        // The engine knocking on the silent registry proves the pull is under way: only then does the caller give up.
        using var knock = await silent.AcceptTcpClientAsync(cts.Token);
        await caller.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pull);

        var entry = Assert.Single(await engine.AuditAsync(admin.UserName, "image.pull", cts.Token));
        Assert.Equal(AuditOutcome.Cancelled, entry.Outcome);
        Assert.Equal(reference, entry.Target);
    }

    [Fact]
    public async Task Pull_MemberImageOutsideTheAllowList_IsRefusedBeforeAnyDownload()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var env = new EngineEnvironment(ImageEngine.QuietSettings);
        var engine = await env.StartEngineAsync(cts.Token);
        var alice = new Actor(env.NewUser(), IsAdmin: false);
        var progress = new ImageProgress();

        var result = await engine.Images().PullAsync(alice, "docker.io/library/alpine", progress, cts.Token);

        Assert.False(result.Succeeded);
        Assert.Equal(LaunchErrorCodes.ImageNotAllowed, result.Error!.Code);
        Assert.Contains("docker.io/library/alpine:latest", result.Error.Message, StringComparison.Ordinal);
        Assert.True(progress.Current.Done);
        Assert.Empty(progress.Current.Layers);
        Assert.Contains(await engine.AuditAsync(alice.UserName, "image.pull", cts.Token), e => e.Outcome == AuditOutcome.Refused);
    }

    [Fact]
    public async Task Pull_MemberOverDiskQuota_IsRefused()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var env = new EngineEnvironment(ImageEngine.QuietSettings);
        var engine = await env.StartEngineAsync(cts.Token);
        var alice = new Actor(env.NewUser(), IsAdmin: false);
        var filler = new LaunchRequest
        {
            Name = "filler",
            Image = EngineEnvironment.ShellImage,
            Command = ["sh", "-c", "dd if=/dev/zero of=/fill bs=1024 count=2048 2>/dev/null && echo done && sleep 600"],
        };
        var launched = await engine.Manager.LaunchAsync(alice, filler, cts.Token);
        Assert.True(launched.Succeeded, launched.Error?.Message);
        await Poll.UntilAsync(() => DockerCli.OutputAsync(["logs", launched.Container!.Id], cts.Token), text => text.Trim() == "done", TimeSpan.FromSeconds(30), "the filler to write", cts.Token);
        Assert.Empty(await engine.Quotas.SetOverrideAsync(alice.UserName, new QuotaOverride(null, null, null, null, null, MaxDiskGiB: 0.001), "admin", cts.Token));
        await engine.Services.GetRequiredService<IDiskUsage>().RefreshAsync(cts.Token);

        var result = await engine.Images().PullAsync(alice, $"{LabRegistry.Host}/{alice.UserName}/never-pulled:v1", null, cts.Token);

        Assert.False(result.Succeeded);
        Assert.Equal(LaunchErrorCodes.QuotaExceeded, result.Error!.Code);
        Assert.StartsWith("You use ", result.Error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("portal/python")]
    [InlineData("portal/shell:latest")]
    public async Task Pull_MemberReferenceWithoutARegistry_IsRefusedAndTheStarterImageStays(string reference)
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var env = new EngineEnvironment(ImageEngine.QuietSettings);
        var engine = await env.StartEngineAsync(cts.Token);
        var alice = new Actor(env.NewUser(), IsAdmin: false);
        var normalized = ImageReference.Normalize(reference)!;
        var before = await DockerCli.OutputAsync(["image", "inspect", "--format", "{{.Id}}", normalized], cts.Token);

        var result = await engine.Images().PullAsync(alice, reference, null, cts.Token);

        Assert.False(result.Succeeded);
        Assert.Equal(ImageErrorCodes.NameNotAllowed, result.Error!.Code);
        Assert.Contains("built on this workstation and can be launched directly", result.Error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await DockerCli.OutputAsync(["image", "inspect", "--format", "{{.Id}}", normalized], cts.Token));
        Assert.Contains(await engine.AuditAsync(alice.UserName, "image.pull", cts.Token), e => e.Outcome == AuditOutcome.Refused && e.Target == normalized && e.Detail!.StartsWith(ImageErrorCodes.NameNotAllowed, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pull_MemberNameAlreadyHereOutsideTheirNamespace_IsRefusedAndTheNameStays()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var kit = new ImageTestKit();
        await using var env = new EngineEnvironment(ImageEngine.QuietSettings);
        var engine = await env.StartEngineAsync(cts.Token);
        var alice = new Actor(env.NewUser(), IsAdmin: false);
        var bob = new Actor(env.NewUser(), IsAdmin: false);
        var reference = kit.LabName(bob.UserName, "bobs");
        await kit.BuildUniqueAsync(reference, cts.Token);
        await DockerCli.OutputAsync(["push", reference], cts.Token);
        var before = await DockerCli.OutputAsync(["image", "inspect", "--format", "{{.Id}}", reference], cts.Token);

        var result = await engine.Images().PullAsync(alice, reference, null, cts.Token);
        var byBob = await engine.Images().PullAsync(bob, reference, null, cts.Token);

        Assert.Equal(ImageErrorCodes.NameNotAllowed, result.Error!.Code);
        Assert.Contains("already on this workstation: launch it, or ask an admin to pull a newer copy", result.Error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await DockerCli.OutputAsync(["image", "inspect", "--format", "{{.Id}}", reference], cts.Token));
        Assert.Contains(await engine.AuditAsync(alice.UserName, "image.pull", cts.Token), e => e.Outcome == AuditOutcome.Refused && e.Target == reference);
        // In their own namespace a member refreshes their name; the image was there already, so nobody becomes its owner.
        Assert.True(byBob.Succeeded, byBob.Error?.Message);
        Assert.Null(await env.RecordAsync(byBob.ImageId!, cts.Token));
    }

    [Fact]
    public async Task Pull_ResolvingToAnImageAlreadyHere_RecordsNoOwnerAndTheMemberCannotRemoveIt()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var kit = new ImageTestKit();
        await using var env = new EngineEnvironment(ImageEngine.QuietSettings);
        var engine = await env.StartEngineAsync(cts.Token);
        var alice = new Actor(env.NewUser(), IsAdmin: false);
        // An image made outside the portal (like the starter images), kept here under a shared name ...
        var shared = kit.Track("portal-test/shared-" + Guid.NewGuid().ToString("N")[..8], "latest");
        await kit.BuildUniqueAsync(shared, cts.Token);
        var sharedId = (await DockerCli.OutputAsync(["image", "inspect", "--format", "{{.Id}}", shared], cts.Token)).Trim();
        // ... and the same image in the registry under a name in alice's namespace that is not here.
        var reference = kit.LabName(alice.UserName, "same-as-shared");
        await DockerCli.OutputAsync(["tag", shared, reference], cts.Token);
        await DockerCli.OutputAsync(["push", reference], cts.Token);
        await DockerCli.OutputAsync(["rmi", reference], cts.Token);

        var pulled = await engine.Images().PullAsync(alice, reference, null, cts.Token);
        var removed = await engine.Images().RemoveAsync(alice, sharedId, cts.Token);
        var removedShort = await engine.Images().RemoveAsync(alice, sharedId["sha256:".Length..][..12], cts.Token);

        Assert.True(pulled.Succeeded, pulled.Error?.Message);
        Assert.Equal(sharedId, pulled.ImageId);
        Assert.Null(await env.RecordAsync(sharedId, cts.Token));
        Assert.Equal(ImageErrorCodes.NotOwner, removed.Error!.Code);
        Assert.Equal(ImageErrorCodes.NotOwner, removedShort.Error!.Code);
        Assert.Equal(sharedId + "\n", await DockerCli.OutputAsync(["image", "inspect", "--format", "{{.Id}}", shared], cts.Token));
    }
}
