using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Engine.Containers;
using Portal.Engine.Terminals;
using Portal.Engine.Tests.Integration;

namespace Portal.Engine.Tests.Terminals;

/// <summary>Terminal execs against the real Docker engine: what the terminal engine assumes of Docker, checked.</summary>
public sealed class TerminalExecOperationsTests(DockerFixture docker) : IClassFixture<DockerFixture>
{
    [Fact]
    public async Task StartAsync_BusyboxShell_EchoesAndEndsOnHangup()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var containerId = await StartContainerAsync(cts.Token);
        var operations = new TerminalExecOperations(docker.Connection, NullLogger<TerminalExecOperations>.Instance);

        using var process = await operations.StartAsync(containerId, null, new TerminalSize(80, 24), cts.Token);
        await process.WriteAsync(Encoding.ASCII.GetBytes("echo hi-$((6*7))\r"), cts.Token);
        await ReadUntilAsync(process, "hi-42", cts.Token);

        var inspect = await docker.Connection.Client.Exec.InspectContainerExecAsync(process.ExecId, cts.Token);
        Assert.True(inspect.Running);
        Assert.True(inspect.Pid > 0, $"Docker reported pid {inspect.Pid}.");
        Assert.True(ProcessSignals.IsSignallable(inspect.Pid));

        await process.TerminateAsync(cts.Token);

        Assert.False((await docker.Connection.Client.Exec.InspectContainerExecAsync(process.ExecId, cts.Token)).Running);
        Assert.NotNull(await process.GetExitCodeAsync(cts.Token));
    }

    private async Task<string> StartContainerAsync(CancellationToken cancellationToken)
    {
        var id = await docker.Containers.CreateAsync(
            new ContainerSpec
            {
                Name = "term-" + Guid.NewGuid().ToString("N")[..8],
                Owner = "alice",
                Image = DockerFixture.ShellImage,
                Command = ["sleep", "300"],
                Labels = docker.TestLabels,
            },
            cancellationToken);
        await docker.Containers.StartAsync(id, cancellationToken);
        return id;
    }

    private static async Task ReadUntilAsync(ITerminalProcess process, string text, CancellationToken cancellationToken)
    {
        var output = new StringBuilder();
        var buffer = new byte[4096];
        while (!output.ToString().Contains(text, StringComparison.Ordinal))
        {
            var count = await process.ReadAsync(buffer, cancellationToken);
            Assert.True(count > 0, $"The terminal ended before printing '{text}': {output}");
            output.Append(Encoding.UTF8.GetString(buffer, 0, count));
        }
    }
}
