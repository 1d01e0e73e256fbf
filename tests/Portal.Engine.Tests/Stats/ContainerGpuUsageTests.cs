using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Containers;
using Portal.Engine.Gpus;
using Portal.Engine.Stats;
using Portal.Engine.Tests.Integration;

namespace Portal.Engine.Tests.Stats;

/// <summary>
/// GPU use per container through the whole engine: a real container on the real engine, its real host PIDs from
/// Docker, matched against an 8x V100S capture whose GPU process is given that container's PID.
/// </summary>
public sealed class ContainerGpuUsageTests
{
    private const string CapturedPid = "<pid>37305</pid>";

    [Fact]
    public async Task ReadAsync_ContainersProcessOnItsGpus_ReportsItsMemoryThere()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await using var env = new EngineEnvironment();
        var engine = await env.StartEngineAsync(cts.Token);
        var alice = new Actor(env.NewUser(), IsAdmin: false);
        var launched = await engine.Manager.LaunchAsync(alice, Requests.Sleeper("train", gpus: 2), cts.Token);
        Assert.True(launched.Succeeded, launched.Error?.Message);
        var id = launched.Container!.Id;
        await engine.Cache.RefreshAsync(id, cts.Token);
        var usage = engine.Services.GetRequiredService<IContainerGpuUsage>();

        // Nobody's process is ours yet: the leased GPUs show, with no memory of the container's.
        var before = await usage.ReadAsync(id, cts.Token);

        Assert.Equal(launched.GpuDeviceIds, before.Select(u => u.DeviceId));
        Assert.All(before, u => Assert.Equal(0, u.ContainerMemoryMiB));

        // The capture's python process (on all eight GPUs) becomes the container's main process.
        var hostPid = await MainPidAsync(id, cts.Token);
        var xml = await File.ReadAllTextAsync(env.GpuFilePath, cts.Token);
        Assert.Contains(CapturedPid, xml, StringComparison.Ordinal);
        await File.WriteAllTextAsync(env.GpuFilePath, xml.Replace(CapturedPid, $"<pid>{hostPid.ToString(CultureInfo.InvariantCulture)}</pid>", StringComparison.Ordinal), cts.Token);
        await engine.Services.GetRequiredService<IGpuInventory>().RefreshAsync(cts.Token);

        var after = await usage.ReadAsync(id, cts.Token);

        Assert.Equal(8, after.Count);
        Assert.Equal(launched.GpuDeviceIds, after.Where(u => u.IsLeased).Select(u => u.DeviceId));
        Assert.Equal([31683L, 29539, 29533, 32093, 29511, 32135, 32151, 29495], after.Select(u => u.ContainerMemoryMiB));
        Assert.All(after, u => Assert.Equal(hostPid, Assert.Single(u.Processes).Pid));
    }

    [Fact]
    public async Task WatchAsync_StoppedContainer_NoGpuUse()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await using var env = new EngineEnvironment();
        var engine = await env.StartEngineAsync(cts.Token);
        var alice = new Actor(env.NewUser(), IsAdmin: false);
        var launched = await engine.Manager.LaunchAsync(alice, Requests.Sleeper("train", gpus: 1), cts.Token);
        Assert.True(launched.Succeeded, launched.Error?.Message);
        var id = launched.Container!.Id;
        var usage = engine.Services.GetRequiredService<IContainerGpuUsage>();
        await using var updates = usage.WatchAsync(id, cts.Token).GetAsyncEnumerator(cts.Token);
        Assert.True(await updates.MoveNextAsync());
        Assert.Equal(launched.GpuDeviceIds, updates.Current.Select(u => u.DeviceId));

        var stopped = await engine.Manager.StopAsync(alice, id, cts.Token);
        Assert.True(stopped.Succeeded, stopped.Error?.Message);
        await engine.Services.GetRequiredService<IGpuInventory>().RefreshAsync(cts.Token);

        // The next inventory read yields the container's use again: nothing, it holds no GPU while stopped.
        while (updates.Current.Count > 0)
        {
            Assert.True(await updates.MoveNextAsync());
        }

        Assert.Empty(await usage.ReadAsync(id, cts.Token));
    }

    private static async Task<int> MainPidAsync(string id, CancellationToken cancellationToken)
    {
        var output = await DockerCli.OutputAsync(["inspect", "--format", "{{.State.Pid}}", id], cancellationToken);
        return int.Parse(output.Trim(), CultureInfo.InvariantCulture);
    }
}
