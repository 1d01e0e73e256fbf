using Portal.Engine.Containers;
using Portal.Engine.Tests.Integration;

namespace Portal.Engine.Tests.Stats;

/// <summary>A busybox container with this run's test label, removed when the test disposes it (the fixture sweeps up the rest).</summary>
internal sealed class TestContainer : IAsyncDisposable
{
    private readonly IContainerOperations _containers;

    private TestContainer(IContainerOperations containers, string id)
    {
        _containers = containers;
        Id = id;
    }

    public string Id { get; }

    public static async Task<TestContainer> CreateAsync(DockerFixture docker, IReadOnlyList<string> command, int? memoryMiB, bool start, CancellationToken cancellationToken)
    {
        var id = await docker.Containers.CreateAsync(
            new ContainerSpec
            {
                Name = "stats-" + Guid.NewGuid().ToString("N")[..8],
                Owner = "alice",
                Image = DockerFixture.ShellImage,
                Command = command,
                MemoryMiB = memoryMiB,
                Labels = docker.TestLabels,
            },
            cancellationToken);
        var container = new TestContainer(docker.Containers, id);
        if (start)
        {
            await docker.Containers.StartAsync(id, cancellationToken);
        }

        return container;
    }

    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _containers.RemoveAsync(Id, cts.Token);
    }
}
