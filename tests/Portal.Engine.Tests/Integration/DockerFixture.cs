using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Engine.Containers;
using Portal.Engine.Docker;

namespace Portal.Engine.Tests.Integration;

/// <summary>
/// The real Docker engine of this machine. Everything a test creates carries this run's test label, and is
/// removed when the fixture is disposed, whatever the tests left behind.
/// </summary>
public sealed class DockerFixture : IAsyncLifetime
{
    public const string ShellImage = "portal/shell:latest";

    public string TestRunId { get; } = "engine-tests-" + Guid.NewGuid().ToString("N")[..12];

    internal DockerConnection Connection { get; } = new(Options.Create(new DockerOptions()));

    public IContainerOperations Containers { get; private set; } = default!;

    public IReadOnlyDictionary<string, string> TestLabels => new Dictionary<string, string> { [PortalLabels.TestRun] = TestRunId };

    public Task InitializeAsync()
    {
        Containers = new ContainerOperations(Connection, NullLogger<ContainerOperations>.Instance);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        foreach (var container in await Containers.ListAsync(TestLabels, cts.Token))
        {
            await Containers.RemoveAsync(container.Id, cts.Token);
        }

        Connection.Dispose();
    }
}
