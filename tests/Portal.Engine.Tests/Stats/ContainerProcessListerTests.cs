using Portal.Engine.Stats;
using Portal.Engine.Tests.Integration;

namespace Portal.Engine.Tests.Stats;

/// <summary><c>docker top</c> on the real engine gives the host PIDs nvidia-smi would list.</summary>
public sealed class ContainerProcessListerTests(DockerFixture docker) : IClassFixture<DockerFixture>
{
    [Fact]
    public async Task ListHostPidsAsync_RunningContainer_IncludesItsMainProcessAsTheHostSeesIt()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var container = await TestContainer.CreateAsync(docker, ["sh", "-c", "sleep 300 & wait"], null, start: true, cts.Token);
        var lister = new ContainerProcessLister(docker.Connection);

        var pids = await lister.ListHostPidsAsync(container.Id, cts.Token);

        var inspect = await docker.Connection.Client.Containers.InspectContainerAsync(container.Id, cts.Token);
        Assert.Contains((int)inspect.State!.Pid, pids);
        // The shell and its sleep; the host's PID namespace, so /proc on the host has them.
        Assert.Equal(2, pids.Count);
        Assert.All(pids, pid => Assert.True(Directory.Exists($"/proc/{pid}"), $"PID {pid} is not a host process."));
    }

    [Fact]
    public async Task ListHostPidsAsync_StoppedOrMissingContainer_Empty()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var container = await TestContainer.CreateAsync(docker, ["sleep", "300"], null, start: false, cts.Token);
        var lister = new ContainerProcessLister(docker.Connection);

        Assert.Empty(await lister.ListHostPidsAsync(container.Id, cts.Token));
        Assert.Empty(await lister.ListHostPidsAsync("portal-no-such-container-" + Guid.NewGuid().ToString("N"), cts.Token));
    }
}
