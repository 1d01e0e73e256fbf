using Portal.Engine.Audit;
using Portal.Engine.Containers;
using Portal.Engine.Launch;

namespace Portal.Engine.Tests.Integration;

/// <summary>Another member's container does not exist for you; an admin sees and acts on everyone's, audited.</summary>
public sealed class OwnershipTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task MemberActor_AnotherMembersContainer_IsNotFoundForEveryCall()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var env = new EngineEnvironment();
        var engine = await env.StartEngineAsync(cts.Token);
        var alice = new Actor(env.NewUser(), IsAdmin: false);
        var bob = new Actor(env.NewUser(), IsAdmin: false);
        var launched = await engine.Manager.LaunchAsync(alice, Requests.Sleeper("private", gpus: 1), cts.Token);
        Assert.True(launched.Succeeded, launched.Error?.Message);
        var container = launched.Container!;

        foreach (var id in new[] { container.Id, container.ShortId, container.Id[..4], container.PortalId! })
        {
            Assert.NotNull(engine.Manager.Find(alice, id));
            Assert.Null(engine.Manager.Find(bob, id));
            Assert.Equal(LaunchErrorCodes.NotFound, (await engine.Manager.StopAsync(bob, id, cts.Token)).Error?.Code);
            Assert.Equal(LaunchErrorCodes.NotFound, (await engine.Manager.StartAsync(bob, id, cts.Token)).Error?.Code);
            Assert.Equal(LaunchErrorCodes.NotFound, (await engine.Manager.RestartAsync(bob, id, cts.Token)).Error?.Code);
            Assert.Equal(LaunchErrorCodes.NotFound, (await engine.Manager.RemoveAsync(bob, id, cts.Token)).Error?.Code);
        }

        Assert.DoesNotContain(engine.Manager.List(bob, allUsers: true), c => c.Id == container.Id);
        Assert.DoesNotContain(engine.Manager.List(bob, allUsers: false), c => c.Id == container.Id);
        Assert.Contains(engine.Manager.List(alice, allUsers: false), c => c.Id == container.Id);
        Assert.True((await env.Containers.GetAsync(container.Id, cts.Token))!.IsRunning);
        Assert.Equal(launched.GpuDeviceIds, (await engine.LeasesAsync(cts.Token)).Select(l => l.DeviceId));
        var usage = await engine.Manager.GetUsageAsync(bob.UserName, cts.Token);
        Assert.Equal(0, usage.Containers);
        Assert.Equal(0, usage.GpusHeld);

        var refusals = await engine.Audit.QueryAsync(new AuditQuery { Actor = bob.UserName, Action = "container." }, cts.Token);
        Assert.Equal(16, refusals.Total);
        Assert.All(refusals.Entries, e => Assert.Equal(AuditOutcome.Refused, e.Outcome));
    }

    [Fact]
    public async Task AdminActor_AnotherMembersContainer_SeesAndStopsIt()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var env = new EngineEnvironment();
        var engine = await env.StartEngineAsync(cts.Token);
        var alice = new Actor(env.NewUser(), IsAdmin: false);
        var admin = new Actor(env.NewUser(), IsAdmin: true);
        var launched = await engine.Manager.LaunchAsync(alice, Requests.Sleeper("watched", gpus: 1), cts.Token);
        Assert.True(launched.Succeeded, launched.Error?.Message);
        var id = launched.Container!.Id;

        Assert.Equal(alice.UserName, engine.Manager.Find(admin, id)?.Owner);
        Assert.Contains(engine.Manager.List(admin, allUsers: true), c => c.Id == id);
        Assert.DoesNotContain(engine.Manager.List(admin, allUsers: false), c => c.Id == id);

        var stopped = await engine.Manager.StopAsync(admin, id, cts.Token);

        Assert.True(stopped.Succeeded, stopped.Error?.Message);
        Assert.Equal("exited", (await env.Containers.GetAsync(id, cts.Token))?.State);
        Assert.Empty(await engine.LeasesAsync(cts.Token));
        var audit = await engine.Audit.QueryAsync(new AuditQuery { Actor = admin.UserName, Action = "container.stop" }, cts.Token);
        var entry = Assert.Single(audit.Entries);
        Assert.Equal(AuditOutcome.Succeeded, entry.Outcome);
        Assert.Equal($"{alice.UserName}/watched", entry.Target);
        Assert.Contains(alice.UserName, entry.Detail, StringComparison.Ordinal);

        // Starting it again as admin leases the devices to their owner, not to the admin.
        Assert.True((await engine.Manager.StartAsync(admin, id, cts.Token)).Succeeded);
        Assert.All(await engine.LeasesAsync(cts.Token), l => Assert.Equal(alice.UserName, l.Owner));
    }
}
