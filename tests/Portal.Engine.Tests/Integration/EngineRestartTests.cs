using Portal.Engine.Containers;

namespace Portal.Engine.Tests.Integration;

/// <summary>
/// The engine going away and coming back (a dockerd restart, an upgrade): the portal says it lost the event stream,
/// reconnects by itself, and catches up on what changed meanwhile, GPU leases included. The engine here is the real
/// one behind a <see cref="DockerSocketRelay"/>, so cutting it affects no other test.
/// </summary>
public sealed class EngineRestartTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    /// <summary>Backoff tops out at 10 s between attempts; room for a busy machine on top.</summary>
    private static readonly TimeSpan ReconnectDeadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task EventStream_EngineGoneThenBack_ReconnectsAndReleasesTheLeaseOfAContainerStoppedMeanwhile()
    {
        using var cts = new CancellationTokenSource(Timeout);
        using var relay = new DockerSocketRelay();
        await using var env = new EngineEnvironment(new Dictionary<string, string?> { ["Docker:Endpoint"] = relay.Endpoint });
        var engine = await env.StartEngineAsync(cts.Token);
        await engine.Cache.WaitUntilConnectedAsync(cts.Token);
        var alice = new Actor(env.NewUser(), IsAdmin: false);
        var launched = await engine.Manager.LaunchAsync(alice, Requests.Sleeper("through-restart", gpus: 1), cts.Token);
        Assert.True(launched.Succeeded, launched.Error?.Message);
        var id = launched.Container!.Id;
        Assert.Single(await engine.LeasesAsync(cts.Token));

        relay.Stop();
        var lost = await Poll.UntilAsync(
            () => engine.Cache.Current, snapshot => !snapshot.IsConnected, ReconnectDeadline, "the cache to report the lost event stream", cts.Token);
        Assert.False(string.IsNullOrEmpty(lost.Error));
        // Changed behind the portal's back while it cannot hear the engine: no die event will ever reach it.
        await env.Containers.StopAsync(id, TimeSpan.FromSeconds(1), cts.Token);
        Assert.Contains(id, engine.Cache.Current.Containers.Keys);
        Assert.True(engine.Cache.Current.Containers[id].IsRunning, "the cache cannot have seen the stop yet");

        relay.Start();
        var back = await Poll.UntilAsync(
            () => engine.Cache.Current, snapshot => snapshot.IsConnected, ReconnectDeadline, "the cache to reconnect", cts.Token);
        Assert.Null(back.Error);
        Assert.Contains(id, back.Containers.Keys);
        Assert.False(back.Containers[id].IsRunning);
        await Poll.UntilAsync(
            () => engine.LeasesAsync(cts.Token), leases => leases.Count == 0, ReconnectDeadline, "the stopped container's GPU lease to be released", cts.Token);
    }
}
