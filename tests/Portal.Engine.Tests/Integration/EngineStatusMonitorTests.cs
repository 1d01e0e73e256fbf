using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Engine.Docker;
using Portal.Engine.Engine;

namespace Portal.Engine.Tests.Integration;

public sealed class EngineStatusMonitorTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static EngineStatusMonitor CreateMonitor(DockerConnection connection, DockerOptions options) =>
        new(connection, Options.Create(options), TimeProvider.System, NullLogger<EngineStatusMonitor>.Instance);

    [Fact]
    public async Task CheckNowAsync_RealEngine_ReportsTheDaemonsOwnVersionAndApiVersion()
    {
        var options = new DockerOptions();
        using var connection = new DockerConnection(Options.Create(options));
        var monitor = CreateMonitor(connection, options);
        using var cts = new CancellationTokenSource(Timeout);

        var status = await monitor.CheckNowAsync(cts.Token);

        Assert.True(status.IsReachable, status.Error);
        // The client pins no version: it must see what `docker version` says the server speaks.
        Assert.Equal(await DockerCliAsync("{{.Server.Version}}"), status.Version);
        Assert.Equal(await DockerCliAsync("{{.Server.APIVersion}}"), status.ApiVersion);
        Assert.Contains("runc", status.Runtimes);
        Assert.True(status.Images >= 1, "The starter images should exist.");
        Assert.Same(status, monitor.Current);
    }

    [Fact]
    public async Task CheckNowAsync_NoEngineAtEndpoint_ReportsUnreachableWithAHint()
    {
        var options = new DockerOptions { Endpoint = "unix:///tmp/portal-no-docker-" + Guid.NewGuid().ToString("N")[..8] + ".sock" };
        using var connection = new DockerConnection(Options.Create(options));
        var monitor = CreateMonitor(connection, options);
        using var cts = new CancellationTokenSource(Timeout);

        var status = await monitor.CheckNowAsync(cts.Token);

        Assert.False(status.IsReachable);
        Assert.False(status.IsUnknown);
        Assert.Contains(options.Endpoint, status.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WatchAsync_AfterCheck_YieldsTheCheckedStatus()
    {
        var options = new DockerOptions();
        using var connection = new DockerConnection(Options.Create(options));
        var monitor = CreateMonitor(connection, options);
        using var cts = new CancellationTokenSource(Timeout);
        await using var watch = monitor.WatchAsync(cts.Token).GetAsyncEnumerator(cts.Token);

        Assert.True(await watch.MoveNextAsync());
        Assert.True(watch.Current.IsUnknown);
        await monitor.CheckNowAsync(cts.Token);
        Assert.True(await watch.MoveNextAsync());
        Assert.True(watch.Current.IsReachable, watch.Current.Error);
    }

    private static async Task<string> DockerCliAsync(string format)
    {
        using var process = Process.Start(new ProcessStartInfo("docker", ["version", "--format", format])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);
        return output.Trim();
    }
}
