using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Portal.Engine.Audit;
using Portal.Engine.Containers;
using Portal.Engine.Docker;
using Portal.Engine.Launch;
using Portal.Engine.Networks;

namespace Portal.Engine.Tests.Integration;

/// <summary>A launch that fails leaves nothing behind: no container, no lease, and no network it made.</summary>
public sealed class FailedLaunchTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task LaunchAsync_AllowedImageThatDoesNotExist_IsRefusedAndLeavesNothing()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var env = new EngineEnvironment();
        var engine = await env.StartEngineAsync(cts.Token);
        var alice = new Actor(env.NewUser(), IsAdmin: false);
        Assert.False(await env.NetworkExistsAsync(alice.UserName, cts.Token));
        var image = $"portal/missing-{Guid.NewGuid():N}:latest";

        var result = await engine.Manager.LaunchAsync(alice, Requests.Sleeper("ghost", gpus: 2) with { Image = image }, cts.Token);

        Assert.False(result.Succeeded);
        Assert.Equal(LaunchErrorCodes.InvalidRequest, result.Error!.Code);
        Assert.Contains("image", result.Error.FieldErrors!.Keys);
        Assert.Contains(image, result.Error.Message, StringComparison.Ordinal);
        await AssertNothingLeftAsync(env, engine, alice, cts.Token);
    }

    [Fact]
    public async Task LaunchAsync_CommandThatCannotStart_IsAnEngineErrorAndLeavesNothing()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var env = new EngineEnvironment();
        var engine = await env.StartEngineAsync(cts.Token);
        var alice = new Actor(env.NewUser(), IsAdmin: false);
        Assert.False(await env.NetworkExistsAsync(alice.UserName, cts.Token));

        var result = await engine.Manager.LaunchAsync(alice, Requests.Sleeper("broken", gpus: 2) with { Command = ["/nonexistent"] }, cts.Token);

        Assert.False(result.Succeeded);
        Assert.Equal(LaunchErrorCodes.EngineError, result.Error!.Code);
        Assert.Contains("/nonexistent", result.Error.Message, StringComparison.Ordinal);
        await AssertNothingLeftAsync(env, engine, alice, cts.Token);
        var audit = await engine.Audit.QueryAsync(new AuditQuery { Actor = alice.UserName, Action = "container.launch" }, cts.Token);
        var entry = Assert.Single(audit.Entries);
        Assert.Equal(AuditOutcome.Failed, entry.Outcome);
        Assert.Equal("broken", entry.Target);

        // The failure cost nothing: the whole GPU quota is still there.
        var next = await engine.Manager.LaunchAsync(alice, Requests.Sleeper("fixed", gpus: 2), cts.Token);
        Assert.True(next.Succeeded, next.Error?.Message);
    }

    [Fact]
    public async Task LaunchAsync_CommandThatCannotStartOnAnExistingNetwork_KeepsTheNetworkAndTheOtherContainer()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var env = new EngineEnvironment();
        var engine = await env.StartEngineAsync(cts.Token);
        var alice = new Actor(env.NewUser(), IsAdmin: false);
        var running = await engine.Manager.LaunchAsync(alice, Requests.Sleeper("running", gpus: 1), cts.Token);
        Assert.True(running.Succeeded, running.Error?.Message);

        var result = await engine.Manager.LaunchAsync(alice, Requests.Sleeper("broken", gpus: 1) with { Command = ["/nonexistent"] }, cts.Token);

        Assert.Equal(LaunchErrorCodes.EngineError, result.Error?.Code);
        Assert.True(await env.NetworkExistsAsync(alice.UserName, cts.Token));
        Assert.Equal([running.Container!.Id], (await env.ContainersOfAsync(alice.UserName, cts.Token)).Select(c => c.Id));
        Assert.Equal(running.GpuDeviceIds, (await engine.LeasesAsync(cts.Token)).Select(l => l.DeviceId));
    }

    [Fact]
    public async Task LaunchAsync_CancelledWhileMakingTheNetwork_LeavesNoLeaseBehind()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var env = new EngineEnvironment();
        using var caller = new CancellationTokenSource();
        // The caller goes away (a closed tab, a Ctrl-C on curl) after the devices were leased, before the container exists.
        var engine = await env.StartEngineAsync(cts.Token, services => services.AddSingleton<INetworkOperations>(sp =>
            new CancelOnEnsure(new NetworkOperations(sp.GetRequiredService<DockerConnection>(), sp.GetRequiredService<ILogger<NetworkOperations>>()), caller)));
        var alice = new Actor(env.NewUser(), IsAdmin: false);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => engine.Manager.LaunchAsync(alice, Requests.Sleeper("abandoned", gpus: 2), caller.Token));

        Assert.Empty(await engine.LeasesAsync(cts.Token));
        Assert.Empty(await env.ContainersOfAsync(alice.UserName, cts.Token));
        var next = await engine.Manager.LaunchAsync(alice, Requests.Sleeper("retry", gpus: 2), cts.Token);
        Assert.True(next.Succeeded, next.Error?.Message);
    }

    private static async Task AssertNothingLeftAsync(EngineEnvironment env, EngineHost engine, Actor owner, CancellationToken cancellationToken)
    {
        Assert.Empty(await env.ContainersOfAsync(owner.UserName, cancellationToken));
        Assert.Empty(await engine.LeasesAsync(cancellationToken));
        Assert.False(await env.NetworkExistsAsync(owner.UserName, cancellationToken));
        // The cache learns of the removal from the destroy event, a moment after the launch returned.
        await Poll.UntilAsync(
            () => engine.Manager.List(owner, allUsers: false), containers => containers.Count == 0, TimeSpan.FromSeconds(10), "the cache to drop the removed container", cancellationToken);
        Assert.Equal(0, (await engine.Manager.GetUsageAsync(owner.UserName, cancellationToken)).GpusHeld);
    }

    /// <summary>The real network operations, except that the caller cancels just as the network is asked for.</summary>
    private sealed class CancelOnEnsure(INetworkOperations inner, CancellationTokenSource caller) : INetworkOperations
    {
        public string NetworkNameFor(string owner) => inner.NetworkNameFor(owner);

        public async Task<(string Name, bool Created)> EnsureUserNetworkAsync(string owner, IReadOnlyDictionary<string, string> extraLabels, CancellationToken cancellationToken)
        {
            await caller.CancelAsync();
            return await inner.EnsureUserNetworkAsync(owner, extraLabels, cancellationToken);
        }

        public Task<bool> RemoveIfUnusedAsync(string name, CancellationToken cancellationToken) => inner.RemoveIfUnusedAsync(name, cancellationToken);
    }
}
