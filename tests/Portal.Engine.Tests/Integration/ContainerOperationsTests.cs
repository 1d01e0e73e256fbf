using Portal.Engine.Containers;

namespace Portal.Engine.Tests.Integration;

public sealed class ContainerOperationsTests(DockerFixture docker) : IClassFixture<DockerFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private ContainerSpec Spec(string owner, IReadOnlyList<string> command) => new()
    {
        Name = "t-" + Guid.NewGuid().ToString("N")[..8],
        Owner = owner,
        Image = DockerFixture.ShellImage,
        Command = command,
        Environment = new Dictionary<string, string> { ["PORTAL_TEST"] = "yes" },
        Labels = docker.TestLabels,
    };

    [Fact]
    public async Task CreateStartInspectRemove_LabelledContainer_RoundTrips()
    {
        using var cts = new CancellationTokenSource(Timeout);
        var spec = Spec("alice", ["sleep", "300"]);

        var id = await docker.Containers.CreateAsync(spec, cts.Token);
        await docker.Containers.StartAsync(id, cts.Token);
        var details = await docker.Containers.InspectAsync(id, cts.Token);

        Assert.NotNull(details);
        Assert.True(details.Summary.IsRunning);
        Assert.True(details.Summary.IsManaged);
        Assert.Equal("alice", details.Summary.Owner);
        Assert.Equal(DockerNames.ForContainer("alice", spec.Name), details.Summary.Name);
        Assert.Equal(spec.Name, details.Summary.Labels[PortalLabels.Name]);
        Assert.Equal(docker.TestRunId, details.Summary.Labels[PortalLabels.TestRun]);
        Assert.True(Guid.TryParse(details.Summary.Labels[PortalLabels.PortalId], out _));
        Assert.Contains("PORTAL_TEST=yes", details.Environment);
        Assert.NotNull(details.StartedAt);

        Assert.True(await docker.Containers.RemoveAsync(id, cts.Token));
        Assert.Null(await docker.Containers.InspectAsync(id, cts.Token));
        Assert.False(await docker.Containers.RemoveAsync(id, cts.Token));
    }

    [Fact]
    public async Task ListAsync_ByOwnerLabel_FindsOnlyThatOwnersContainers()
    {
        using var cts = new CancellationTokenSource(Timeout);
        var owner = "owner-" + Guid.NewGuid().ToString("N")[..6];
        var mine = await docker.Containers.CreateAsync(Spec(owner, ["true"]), cts.Token);
        var theirs = await docker.Containers.CreateAsync(Spec("someone-else", ["true"]), cts.Token);

        var filter = new Dictionary<string, string>(docker.TestLabels) { [PortalLabels.Owner] = owner };
        var listed = await docker.Containers.ListAsync(filter, cts.Token);

        Assert.Equal([mine], listed.Select(c => c.Id));
        Assert.Equal("created", listed[0].State);
        Assert.DoesNotContain(theirs, listed.Select(c => c.Id));
    }

    [Fact]
    public async Task StopAsync_RunningContainer_EndsWithExitState()
    {
        using var cts = new CancellationTokenSource(Timeout);
        var id = await docker.Containers.CreateAsync(Spec("alice", ["sleep", "300"]), cts.Token);
        await docker.Containers.StartAsync(id, cts.Token);

        await docker.Containers.StopAsync(id, TimeSpan.FromSeconds(1), cts.Token);
        var details = await docker.Containers.InspectAsync(id, cts.Token);

        Assert.NotNull(details);
        Assert.Equal("exited", details.Summary.State);
        Assert.NotNull(details.FinishedAt);
        Assert.NotNull(details.ExitCode);
    }

    [Fact]
    public async Task InspectAsync_UnknownContainer_ReturnsNull()
    {
        using var cts = new CancellationTokenSource(Timeout);
        Assert.Null(await docker.Containers.InspectAsync("portal-no-such-container-" + Guid.NewGuid().ToString("N"), cts.Token));
    }
}
