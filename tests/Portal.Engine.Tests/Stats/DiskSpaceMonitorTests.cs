using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Host;
using Portal.Engine.Tests.Integration;

namespace Portal.Engine.Tests.Stats;

/// <summary>The disk monitor as the engine runs it: Docker's root folder from the real engine, and the workspace root.</summary>
public sealed class DiskSpaceMonitorTests
{
    [Fact]
    public async Task Current_RunningEngine_ReportsDockerRootAndWorkspaceDisks()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var env = new EngineEnvironment();
        var engine = await env.StartEngineAsync(cts.Token);
        var monitor = engine.Services.GetRequiredService<IDiskSpaceMonitor>();

        var disks = await Poll.UntilAsync(() => monitor.Current, d => d.Count == 2, TimeSpan.FromSeconds(10), "both disks to be read", cts.Token);

        var docker = disks[0];
        var dockerRoot = (await DockerCli.OutputAsync(["info", "--format", "{{.DockerRootDir}}"], cts.Token)).Trim();
        Assert.Equal("Docker", docker.Label);
        Assert.Equal(dockerRoot, docker.Path);
        Assert.Null(docker.Error);
        Assert.Equal(new DriveInfo(dockerRoot).TotalSize, docker.TotalBytes);
        var workspaces = disks[1];
        Assert.Equal("Workspaces", workspaces.Label);
        Assert.Equal(env.WorkspaceRoot, workspaces.Path);
        Assert.True(workspaces.FreeBytes > 0);
    }
}
