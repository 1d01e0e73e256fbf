using System.Text.Json;
using Portal.Data.Entities;
using Portal.Engine.Audit;
using Portal.Engine.Containers;
using Portal.Engine.Images;
using Portal.Engine.Launch;
using Portal.Engine.Tests.Integration;
using Portal.Engine.Tests.Registries;

namespace Portal.Engine.Tests.Images;

/// <summary>Commits of real containers: the file a container wrote is in the new image, a push goes to the lab registry and back, a failed push keeps the commit.</summary>
public sealed class ImageCommitTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(180);

    [Fact]
    public async Task Commit_OwnContainer_NewImageHasTheFileItWrote()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var kit = new ImageTestKit();
        await using var env = new EngineEnvironment(ImageEngine.QuietSettings);
        var engine = await env.StartEngineAsync(cts.Token);
        var alice = new Actor(env.NewUser(), IsAdmin: false);
        var containerId = await LaunchWriterAsync(engine, alice, "installed numpy, honest", cts.Token);
        var reference = kit.LabName(alice.UserName, "kept");

        var result = await engine.Images().CommitAsync(alice, containerId, reference, push: false, null, cts.Token);

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Null(result.PushError);
        Assert.StartsWith("docker commit ", result.Command, StringComparison.Ordinal);
        Assert.Equal("installed numpy, honest", await kit.RunInAsync(reference, "cat /work-done.txt", cts.Token));
        // The portal's labels and the proxy token stay behind: whoever pulls the image gets neither an owner nor a secret.
        var labels = JsonSerializer.Deserialize<Dictionary<string, string>>(await DockerCli.OutputAsync(["image", "inspect", "--format", "{{json .Config.Labels}}", reference], cts.Token))!;
        Assert.Contains(PortalLabels.Owner, labels.Keys);
        Assert.All(labels.Where(l => l.Key.StartsWith(PortalLabels.Prefix, StringComparison.Ordinal)), l => Assert.Equal(string.Empty, l.Value));
        var environment = JsonSerializer.Deserialize<string[]>(await DockerCli.OutputAsync(["image", "inspect", "--format", "{{json .Config.Env}}", reference], cts.Token))!;
        Assert.Contains("PORTAL_PROXY_TOKEN=", environment);
        Assert.DoesNotContain(environment, e => e.StartsWith("PORTAL_PROXY_TOKEN=", StringComparison.Ordinal) && e.Length > "PORTAL_PROXY_TOKEN=".Length);
        var record = await env.RecordAsync(result.ImageId!, cts.Token);
        Assert.Equal((alice.UserName, ImageSources.Commit, reference), (record!.Owner, record.Source, record.Reference));
        Assert.Contains(await engine.AuditAsync(alice.UserName, "image.commit", cts.Token), e => e.Outcome == AuditOutcome.Succeeded && e.Detail!.StartsWith("from container writer", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Commit_AnotherMembersContainer_IsNotFoundForAMemberAndAuditedForAnAdmin()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var kit = new ImageTestKit();
        await using var env = new EngineEnvironment(ImageEngine.QuietSettings);
        var engine = await env.StartEngineAsync(cts.Token);
        var alice = new Actor(env.NewUser(), IsAdmin: false);
        var mallory = new Actor(env.NewUser(), IsAdmin: false);
        var admin = new Actor(env.NewUser(), IsAdmin: true);
        var containerId = await LaunchWriterAsync(engine, alice, "alice's work", cts.Token);

        var refused = await engine.Images().CommitAsync(mallory, containerId, kit.LabName(mallory.UserName, "stolen"), push: false, null, cts.Token);
        var allowed = await engine.Images().CommitAsync(admin, containerId, kit.LabName(admin.UserName, "support-copy"), push: false, null, cts.Token);

        Assert.Equal(LaunchErrorCodes.NotFound, refused.Error!.Code);
        Assert.True(allowed.Succeeded, allowed.Error?.Message);
        Assert.Contains(await engine.AuditAsync(admin.UserName, "image.commit", cts.Token), e => e.Detail!.Contains($"(container of {alice.UserName})", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CommitWithPush_LabRegistry_CanBePulledBackAfterTheLocalCopyIsGone()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var kit = new ImageTestKit();
        await using var env = new EngineEnvironment(ImageEngine.QuietSettings);
        var engine = await env.StartEngineAsync(cts.Token);
        var alice = new Actor(env.NewUser(), IsAdmin: false);
        var containerId = await LaunchWriterAsync(engine, alice, "pushed and back", cts.Token);
        var reference = kit.LabName(alice.UserName, "round-trip");
        var progress = new ImageProgress();

        var committed = await engine.Images().CommitAsync(alice, containerId, reference, push: true, progress, cts.Token);

        Assert.True(committed.Succeeded, committed.Error?.Message);
        Assert.Null(committed.PushError);
        Assert.Equal("push", progress.Current.Phase);
        Assert.All(progress.Current.Layers, layer => Assert.Equal(1, layer.Fraction));
        Assert.True(await LabRegistry.HasTagAsync($"{alice.UserName}/round-trip", "v1", cts.Token));
        Assert.Contains(await engine.AuditAsync(alice.UserName, "image.push", cts.Token), e => e.Outcome == AuditOutcome.Succeeded);
        await engine.Manager.RemoveAsync(alice, containerId, cts.Token);
        Assert.True((await engine.Images().RemoveAsync(alice, reference, cts.Token)).Succeeded);

        var pulled = await engine.Images().PullAsync(alice, reference, null, cts.Token);

        Assert.True(pulled.Succeeded, pulled.Error?.Message);
        Assert.Equal("pushed and back", await kit.RunInAsync(reference, "cat /work-done.txt", cts.Token));
    }

    [Fact]
    public async Task CommitWithPush_UnreachableRegistry_KeepsTheCommitAndSaysThePushFailed()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var kit = new ImageTestKit();
        await using var env = new EngineEnvironment(ImageEngine.QuietSettings);
        var engine = await env.StartEngineAsync(cts.Token);
        var admin = new Actor(env.NewUser(), IsAdmin: true);
        var containerId = await LaunchWriterAsync(engine, admin, "kept anyway", cts.Token);
        var reference = kit.Track($"127.0.0.1:{RegistryProcess.FreePort()}/{admin.UserName}/nowhere", "v1");
        var progress = new ImageProgress();

        var result = await engine.Images().CommitAsync(admin, containerId, reference, push: true, progress, cts.Token);

        Assert.True(result.Succeeded);
        Assert.NotNull(result.ImageId);
        Assert.StartsWith("The image was committed, but the push failed: The registry 127.0.0.1:", result.PushError, StringComparison.Ordinal);
        Assert.Equal("kept anyway", await kit.RunInAsync(reference, "cat /work-done.txt", cts.Token));
        Assert.StartsWith("The commit is kept", progress.Current.Error, StringComparison.Ordinal);
        Assert.Contains(await engine.AuditAsync(admin.UserName, "image.push", cts.Token), e => e.Outcome == AuditOutcome.Failed && e.Detail!.StartsWith(ImageErrorCodes.RegistryUnreachable, StringComparison.Ordinal));
    }

    internal static async Task<string> LaunchWriterAsync(EngineHost engine, Actor owner, string text, CancellationToken cancellationToken)
    {
        var request = new LaunchRequest
        {
            Name = "writer",
            Image = EngineEnvironment.ShellImage,
            Command = ["sh", "-c", $"printf '%s' '{text.Replace("'", "'\\''", StringComparison.Ordinal)}' > /work-done.txt && echo written && sleep 600"],
            // A published port gives the container a web-proxy token, which its image must not keep.
            Ports = [8888],
        };
        var result = await engine.Manager.LaunchAsync(owner, request, cancellationToken);
        Assert.True(result.Succeeded, result.Error?.Message);
        var id = result.Container!.Id;
        await Poll.UntilAsync(() => DockerCli.OutputAsync(["logs", id], cancellationToken), log => log.Trim() == "written", TimeSpan.FromSeconds(30), "the container to write its file", cancellationToken);
        return id;
    }
}
