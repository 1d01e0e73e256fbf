using Portal.Engine.Containers;
using Portal.Engine.Launch;
using Portal.Engine.Quotas;

namespace Portal.Engine.Tests.Integration;

/// <summary>Leases and quotas under concurrent launches: whatever the interleaving, no device is held twice and no quota is exceeded.</summary>
public sealed class GpuQuotaConcurrencyTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(240);

    [Fact]
    public async Task LaunchAsync_ThirtyConcurrentFromOneMemberWithMaxGpusTwo_CreatesExactlyTwoGpuContainers()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var env = new EngineEnvironment(new Dictionary<string, string?> { ["Quotas:MaxGpus"] = "2", ["Quotas:MaxContainers"] = "50" });
        var engine = await env.StartEngineAsync(cts.Token);
        var alice = new Actor(env.NewUser(), IsAdmin: false);

        var results = await LaunchConcurrentlyAsync(engine, Enumerable.Range(0, 30).Select(i => (alice, Requests.Sleeper($"c{i:00}", gpus: 1))), cts.Token);

        var launched = results.Where(r => r.Succeeded).ToList();
        Assert.Equal(2, launched.Count);
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal(LaunchErrorCodes.QuotaExceeded, r.Error!.Code));
        var onEngine = await env.ContainersOfAsync(alice.UserName, cts.Token);
        Assert.Equal(launched.Select(r => r.Container!.Id).Order(StringComparer.Ordinal), onEngine.Select(c => c.Id).Order(StringComparer.Ordinal));
        var devices = launched.SelectMany(r => r.GpuDeviceIds).ToList();
        Assert.Equal(2, devices.Distinct().Count());
        var leases = await engine.LeasesAsync(cts.Token);
        Assert.Equal(devices.Order(StringComparer.Ordinal), leases.Select(l => l.DeviceId));
        Assert.All(leases, l => Assert.Equal(alice.UserName, l.Owner));
        var usage = await engine.Manager.GetUsageAsync(alice.UserName, cts.Token);
        Assert.Equal(2, usage.GpusHeld);
        Assert.Equal(2, usage.Containers);
    }

    [Fact]
    public async Task LaunchAsync_ConcurrentFromThreeMembersWithMaxGpusThree_NeverShareAUuidAndHoldAllEight()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var env = new EngineEnvironment(new Dictionary<string, string?> { ["Quotas:MaxGpus"] = "1", ["Quotas:MaxContainers"] = "20" });
        var engine = await env.StartEngineAsync(cts.Token);
        var members = Enumerable.Range(0, 3).Select(_ => new Actor(env.NewUser(), IsAdmin: false)).ToList();
        foreach (var member in members)
        {
            // An admin's per-user override, raising the default of 1: three members may want 9 GPUs of 8.
            var errors = await engine.Quotas.SetOverrideAsync(member.UserName, new QuotaOverride(3, null, null, null, null), "admin", cts.Token);
            Assert.Empty(errors);
        }

        var requests = Enumerable.Range(0, 5).SelectMany(i => members.Select(m => (m, Requests.Sleeper($"job{i}", gpus: 1))));
        var results = await LaunchConcurrentlyAsync(engine, requests, cts.Token);

        var launched = results.Where(r => r.Succeeded).ToList();
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Contains(r.Error!.Code, new[] { LaunchErrorCodes.QuotaExceeded, LaunchErrorCodes.GpusUnavailable }));
        Assert.Equal(8, launched.Count);
        var devices = launched.SelectMany(r => r.GpuDeviceIds).ToList();
        Assert.Equal(env.DeviceIds.Order(StringComparer.Ordinal), devices.Order(StringComparer.Ordinal));
        var leases = await engine.LeasesAsync(cts.Token);
        Assert.Equal(env.DeviceIds.Order(StringComparer.Ordinal), leases.Select(l => l.DeviceId));
        foreach (var member in members)
        {
            Assert.InRange(leases.Count(l => l.Owner == member.UserName), 2, 3);
        }

        // What each container was really given (its environment on the engine) matches its lease, and no two overlap.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var result in launched)
        {
            var details = await env.Containers.InspectAsync(result.Container!.Id, cts.Token);
            Assert.NotNull(details);
            var visible = Assert.Single(details.Environment, e => e.StartsWith("NVIDIA_VISIBLE_DEVICES=", StringComparison.Ordinal));
            var device = Assert.Single(result.GpuDeviceIds);
            Assert.Equal("NVIDIA_VISIBLE_DEVICES=" + device, visible);
            Assert.True(seen.Add(device), $"{device} was given twice");
            var lease = Assert.Single(leases, l => l.DeviceId == device);
            Assert.Equal(result.Container.PortalId, lease.PortalContainerId);
            Assert.Equal(result.Container.Owner, lease.Owner);
        }
    }

    [Fact]
    public async Task LaunchAsync_ConcurrentTwoGpuRequestsWithMaxGpusThree_OnlyOneFits()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var env = new EngineEnvironment(new Dictionary<string, string?> { ["Quotas:MaxGpus"] = "3", ["Quotas:MaxContainers"] = "20" });
        var engine = await env.StartEngineAsync(cts.Token);
        var alice = new Actor(env.NewUser(), IsAdmin: false);

        var results = await LaunchConcurrentlyAsync(engine, Enumerable.Range(0, 8).Select(i => (alice, Requests.Sleeper($"pair{i}", gpus: 2))), cts.Token);

        var launched = Assert.Single(results, r => r.Succeeded);
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal(LaunchErrorCodes.QuotaExceeded, r.Error!.Code));
        Assert.Equal(2, (await engine.LeasesAsync(cts.Token)).Count);
        Assert.Equal([launched.Container!.Id], (await env.ContainersOfAsync(alice.UserName, cts.Token)).Select(c => c.Id));
    }

    [Fact]
    public async Task LaunchAsync_ConcurrentBeyondMaxContainers_CreatesOnlyTheQuota()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var env = new EngineEnvironment(new Dictionary<string, string?> { ["Quotas:MaxContainers"] = "3" });
        var engine = await env.StartEngineAsync(cts.Token);
        var alice = new Actor(env.NewUser(), IsAdmin: false);

        var results = await LaunchConcurrentlyAsync(engine, Enumerable.Range(0, 10).Select(i => (alice, Requests.Sleeper($"box{i}"))), cts.Token);

        Assert.Equal(3, results.Count(r => r.Succeeded));
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal(LaunchErrorCodes.QuotaExceeded, r.Error!.Code));
        var onEngine = await env.ContainersOfAsync(alice.UserName, cts.Token);
        Assert.Equal(3, onEngine.Count);

        // A stopped container still counts; a removed one does not.
        var first = results.First(r => r.Succeeded).Container!;
        Assert.True((await engine.Manager.StopAsync(alice, first.Id, cts.Token)).Succeeded);
        Assert.Equal(LaunchErrorCodes.QuotaExceeded, (await engine.Manager.LaunchAsync(alice, Requests.Sleeper("late"), cts.Token)).Error?.Code);
        Assert.True((await engine.Manager.RemoveAsync(alice, first.Id, cts.Token)).Succeeded);
        var late = await engine.Manager.LaunchAsync(alice, Requests.Sleeper("late"), cts.Token);
        Assert.True(late.Succeeded, late.Error?.Message);
    }

    private static async Task<LaunchResult[]> LaunchConcurrentlyAsync(EngineHost engine, IEnumerable<(Actor Actor, LaunchRequest Request)> launches, CancellationToken cancellationToken)
    {
        // All requests wait at one gate, then go at once, so the interleaving is the engine's, not the loop's.
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = launches.Select(launch => Task.Run(
            async () =>
            {
                await go.Task.WaitAsync(cancellationToken);
                return await engine.Manager.LaunchAsync(launch.Actor, launch.Request, cancellationToken);
            },
            cancellationToken)).ToList();
        go.SetResult();
        return await Task.WhenAll(tasks);
    }
}
