using Portal.Engine.Containers;
using Portal.Engine.Launch;

namespace Portal.Engine.Tests.Integration;

/// <summary>A lease lives exactly as long as its container runs: exits, stops and removals release it; starts take it again.</summary>
public sealed class GpuLeaseLifecycleTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    /// <summary>"Within a few seconds": the die event's round trip, with room for a busy machine.</summary>
    private static readonly TimeSpan ReleaseDeadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ContainerExit_SelfExitingGpuContainer_ReleasesItsLeaseWithinSeconds()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var env = new EngineEnvironment();
        var engine = await env.StartEngineAsync(cts.Token);
        var alice = new Actor(env.NewUser(), IsAdmin: false);

        var result = await engine.Manager.LaunchAsync(alice, Requests.Sleeper("brief", gpus: 1, seconds: 1), cts.Token);

        Assert.True(result.Succeeded, result.Error?.Message);
        var id = result.Container!.Id;
        await Poll.UntilAsync(
            () => engine.LeasesAsync(cts.Token), leases => leases.Count == 0, ReleaseDeadline, "the exited container's lease to go", cts.Token);
        var shown = await Poll.UntilAsync(
            () => engine.Cache.Current.Containers.GetValueOrDefault(id), c => c is { State: "exited" }, ReleaseDeadline, "the cache to show the container exited", cts.Token);
        Assert.Equal(0, shown!.ExitCode ?? 0);
        Assert.Equal(result.GpuDeviceIds, shown.GpuDeviceIds);

        // The device is free again for anyone.
        var next = await engine.Manager.LaunchAsync(alice, Requests.Sleeper("next", gpus: 1), cts.Token);
        Assert.Equal(result.GpuDeviceIds, next.GpuDeviceIds);
    }

    [Fact]
    public async Task ContainerExit_AutoRemovedGpuContainer_ReleasesItsLeaseWhenItIsGone()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var env = new EngineEnvironment();
        var engine = await env.StartEngineAsync(cts.Token);
        var alice = new Actor(env.NewUser(), IsAdmin: false);

        var result = await engine.Manager.LaunchAsync(alice, Requests.Sleeper("oneshot", gpus: 2, seconds: 1) with { AutoRemove = true }, cts.Token);

        Assert.True(result.Succeeded, result.Error?.Message);
        await Poll.UntilAsync(
            () => engine.LeasesAsync(cts.Token), leases => leases.Count == 0, ReleaseDeadline, "the removed container's lease to go", cts.Token);
        await Poll.UntilAsync(
            () => env.ContainersOfAsync(alice.UserName, cts.Token), containers => containers.Count == 0, ReleaseDeadline, "Docker to remove the container", cts.Token);
        await Poll.UntilAsync(
            () => engine.Manager.List(alice, allUsers: false), containers => containers.Count == 0, ReleaseDeadline, "the cache to drop the container", cts.Token);
    }

    [Fact]
    public async Task StopThenStart_RunningGpuContainer_ReleasesThenLeasesTheSameUuidsAgain()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var env = new EngineEnvironment();
        var engine = await env.StartEngineAsync(cts.Token);
        var alice = new Actor(env.NewUser(), IsAdmin: false);
        var launched = await engine.Manager.LaunchAsync(alice, Requests.Sleeper("train", gpus: 2), cts.Token);
        Assert.True(launched.Succeeded, launched.Error?.Message);
        var id = launched.Container!.Id;

        var stopped = await engine.Manager.StopAsync(alice, id, cts.Token);

        Assert.True(stopped.Succeeded, stopped.Error?.Message);
        Assert.Equal("exited", stopped.Container?.State);
        Assert.Empty(await engine.LeasesAsync(cts.Token));
        Assert.Equal(0, (await engine.Manager.GetUsageAsync(alice.UserName, cts.Token)).GpusHeld);

        var started = await engine.Manager.StartAsync(alice, id, cts.Token);

        Assert.True(started.Succeeded, started.Error?.Message);
        Assert.Equal("running", started.Container?.State);
        var leases = await engine.LeasesAsync(cts.Token);
        Assert.Equal(launched.GpuDeviceIds.Order(StringComparer.Ordinal), leases.Select(l => l.DeviceId));
        Assert.All(leases, l => Assert.Equal(launched.Container.PortalId, l.PortalContainerId));
        var details = await env.Containers.InspectAsync(id, cts.Token);
        Assert.Contains("NVIDIA_VISIBLE_DEVICES=" + string.Join(',', launched.GpuDeviceIds), details!.Environment);
    }

    [Fact]
    public async Task Start_DevicesTakenByAnotherContainer_IsRefusedNamingTheHolder()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var env = new EngineEnvironment();
        var engine = await env.StartEngineAsync(cts.Token);
        var alice = new Actor(env.NewUser(), IsAdmin: false);
        var bob = new Actor(env.NewUser(), IsAdmin: false);
        var alices = await engine.Manager.LaunchAsync(alice, Requests.Sleeper("first", gpus: 2), cts.Token);
        Assert.True((await engine.Manager.StopAsync(alice, alices.Container!.Id, cts.Token)).Succeeded);

        // The allocator picks free devices in index order, so bob gets exactly what alice let go.
        var bobs = await engine.Manager.LaunchAsync(bob, Requests.Sleeper("second", gpus: 2), cts.Token);
        Assert.Equal(alices.GpuDeviceIds, bobs.GpuDeviceIds);

        var refused = await engine.Manager.StartAsync(alice, alices.Container.Id, cts.Token);

        Assert.Equal(LaunchErrorCodes.GpusUnavailable, refused.Error?.Code);
        Assert.Contains(bob.UserName, refused.Error!.Message, StringComparison.Ordinal);
        Assert.Contains("second", refused.Error.Message, StringComparison.Ordinal);
        Assert.Equal("exited", (await env.Containers.GetAsync(alices.Container.Id, cts.Token))?.State);
        var leases = await engine.LeasesAsync(cts.Token);
        Assert.Equal(bobs.GpuDeviceIds.Order(StringComparer.Ordinal), leases.Select(l => l.DeviceId));
        Assert.All(leases, l => Assert.Equal(bob.UserName, l.Owner));

        // Once bob stops, alice's container starts on its own devices again.
        Assert.True((await engine.Manager.StopAsync(bob, bobs.Container!.Id, cts.Token)).Succeeded);
        var started = await engine.Manager.StartAsync(alice, alices.Container.Id, cts.Token);
        Assert.True(started.Succeeded, started.Error?.Message);
        Assert.All(await engine.LeasesAsync(cts.Token), l => Assert.Equal(alices.Container.PortalId, l.PortalContainerId));
    }

    [Fact]
    public async Task Remove_RunningGpuContainer_ReleasesAndRemoves()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var env = new EngineEnvironment();
        var engine = await env.StartEngineAsync(cts.Token);
        var alice = new Actor(env.NewUser(), IsAdmin: false);
        var launched = await engine.Manager.LaunchAsync(alice, Requests.Sleeper("doomed", gpus: 1), cts.Token);
        Assert.True(launched.Succeeded, launched.Error?.Message);

        var removed = await engine.Manager.RemoveAsync(alice, launched.Container!.Id, cts.Token);

        Assert.True(removed.Succeeded, removed.Error?.Message);
        Assert.Empty(await engine.LeasesAsync(cts.Token));
        Assert.Empty(await env.ContainersOfAsync(alice.UserName, cts.Token));
        Assert.Null(engine.Manager.Find(alice, launched.Container.Id));
    }

    [Fact]
    public async Task Restart_RunningGpuContainer_HoldsTheSameDevicesAfterwards()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var env = new EngineEnvironment();
        var engine = await env.StartEngineAsync(cts.Token);
        var alice = new Actor(env.NewUser(), IsAdmin: false);
        var launched = await engine.Manager.LaunchAsync(alice, Requests.Sleeper("again", gpus: 2), cts.Token);
        Assert.True(launched.Succeeded, launched.Error?.Message);
        var startedAt = (await env.Containers.InspectAsync(launched.Container!.Id, cts.Token))!.StartedAt;

        var restarted = await engine.Manager.RestartAsync(alice, launched.Container.Id, cts.Token);

        Assert.True(restarted.Succeeded, restarted.Error?.Message);
        Assert.NotEqual(startedAt, (await env.Containers.InspectAsync(launched.Container.Id, cts.Token))!.StartedAt);
        // The die event releases and the start event leases again; both arrive through the event stream.
        var leases = await Poll.UntilAsync(
            () => engine.LeasesAsync(cts.Token),
            l => l.Count == 2 && l.All(x => x.PortalContainerId == launched.Container.PortalId),
            ReleaseDeadline,
            "the restarted container to hold its devices again",
            cts.Token);
        Assert.Equal(launched.GpuDeviceIds.Order(StringComparer.Ordinal), leases.Select(l => l.DeviceId));
    }
}
