using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Audit;
using Portal.Engine.Containers;
using Portal.Engine.Disk;
using Portal.Engine.Tests.Integration;

namespace Portal.Engine.Tests.Disk;

/// <summary>One-click removal on the real engine: only one's own items, the engine's "in use" as a message, and running containers stopped first.</summary>
public sealed class DiskItemRemoverTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(180);

    private static readonly Dictionary<string, string?> QuietSettings = new() { ["Disk:RefreshMinutes"] = "600", ["Disk:EventDebounceSeconds"] = "600" };

    [Fact]
    public async Task RemoveImage_OthersThenInUseThenFree_RefusesRefusesRemoves()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var env = new EngineEnvironment(QuietSettings);
        await using var resources = new DiskResources(env);
        var engine = await env.StartEngineAsync(cts.Token);
        var remover = engine.Services.GetRequiredService<IDiskItemRemover>();
        var alice = new Actor(env.NewUser(), IsAdmin: false);
        var bob = new Actor(env.NewUser(), IsAdmin: false);
        var source = await engine.Manager.LaunchAsync(alice, Requests.Sleeper("source"), cts.Token);
        Assert.True(source.Succeeded, source.Error?.Message);
        var image = await resources.CommitAsync(source.Container!.Id, alice.UserName, "v1", cts.Token);
        var item = new DiskItem(DiskItemKind.Image, image, $"portal-disk-test/{alice.UserName}:v1", alice.UserName, 1234);
        var user = await resources.CreateUserOfAsync(image, null, cts.Token);

        var byBob = await remover.RemoveAsync(bob, item, cts.Token);
        var inUse = await remover.RemoveAsync(alice, item, cts.Token);

        Assert.False(byBob.Removed);
        Assert.StartsWith("There is no image", byBob.Message, StringComparison.Ordinal);
        Assert.False(inUse.Removed);
        Assert.Contains("is in use", inUse.Message, StringComparison.Ordinal);
        Assert.Contains("being used by", inUse.Message, StringComparison.Ordinal);
        Assert.Equal(0, (await DockerCli.RunAsync(["image", "inspect", image], cts.Token)).ExitCode);

        await DockerCli.OutputAsync(["rm", user], cts.Token);
        var removed = await remover.RemoveAsync(alice, item, cts.Token);

        Assert.True(removed.Removed, removed.Message);
        Assert.NotEqual(0, (await DockerCli.RunAsync(["image", "inspect", image], cts.Token)).ExitCode);
        await using (var db = env.CreateDbContext())
        {
            Assert.False(await db.ImageRecords.AnyAsync(r => r.ImageId == image, cts.Token));
        }

        var audit = await engine.Audit.QueryAsync(new AuditQuery { Action = "image.remove" }, cts.Token);
        Assert.Equal(
            [(alice.UserName, AuditOutcome.Succeeded), (alice.UserName, AuditOutcome.Refused), (bob.UserName, AuditOutcome.Refused)],
            audit.Entries.Where(e => e.Actor == alice.UserName || e.Actor == bob.UserName).Select(e => (e.Actor, e.Outcome)));
    }

    [Fact]
    public async Task RemoveVolume_InUseThenFree_RefusesThenRemoves()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var env = new EngineEnvironment(QuietSettings);
        await using var resources = new DiskResources(env);
        var engine = await env.StartEngineAsync(cts.Token);
        var remover = engine.Services.GetRequiredService<IDiskItemRemover>();
        var alice = new Actor(env.NewUser(), IsAdmin: false);
        var volume = await resources.VolumeAsync(alice.UserName, 1000, cts.Token);
        var item = new DiskItem(DiskItemKind.Volume, volume, volume, alice.UserName, 1000);
        var user = await resources.CreateUserOfAsync(EngineEnvironment.ShellImage, volume, cts.Token);

        var inUse = await remover.RemoveAsync(alice, item, cts.Token);
        await DockerCli.OutputAsync(["rm", user], cts.Token);
        var removed = await remover.RemoveAsync(alice, item, cts.Token);

        Assert.False(inUse.Removed);
        Assert.Contains("is in use", inUse.Message, StringComparison.Ordinal);
        Assert.True(removed.Removed, removed.Message);
        Assert.NotEqual(0, (await DockerCli.RunAsync(["volume", "inspect", volume], cts.Token)).ExitCode);
    }

    [Fact]
    public async Task RemoveContainer_Running_IsStoppedThenRemoved()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var env = new EngineEnvironment(QuietSettings);
        var engine = await env.StartEngineAsync(cts.Token);
        var remover = engine.Services.GetRequiredService<IDiskItemRemover>();
        var alice = new Actor(env.NewUser(), IsAdmin: false);
        var bob = new Actor(env.NewUser(), IsAdmin: false);
        var launched = await engine.Manager.LaunchAsync(alice, Requests.Sleeper("big"), cts.Token);
        Assert.True(launched.Succeeded, launched.Error?.Message);
        var item = new DiskItem(DiskItemKind.Container, launched.Container!.Id, "big", alice.UserName, 5 << 20) { InUse = true };

        var byBob = await remover.RemoveAsync(bob, item, cts.Token);
        Assert.False(byBob.Removed);
        Assert.NotNull(await env.Containers.GetAsync(item.Id, cts.Token));

        var removed = await remover.RemoveAsync(alice, item, cts.Token);

        Assert.True(removed.Removed, removed.Message);
        Assert.Equal("Removed container big; about 5.0 MiB freed.", removed.Message);
        Assert.Null(await env.Containers.GetAsync(item.Id, cts.Token));
        var audit = await engine.Audit.QueryAsync(new AuditQuery { Actor = alice.UserName, Action = "container." }, cts.Token);
        Assert.Equal(["container.remove", "container.stop", "container.launch"], audit.Entries.Select(e => e.Action));
    }
}
