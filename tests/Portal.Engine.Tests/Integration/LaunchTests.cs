using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Audit;
using Portal.Engine.Containers;
using Portal.Engine.Engine;
using Portal.Engine.Launch;

namespace Portal.Engine.Tests.Integration;

public sealed class LaunchTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task LaunchAsync_TwoGpus_ContainerSeesExactlyItsTwoLeasedUuids()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var env = new EngineEnvironment();
        var engine = await env.StartEngineAsync(cts.Token);
        var alice = new Actor(env.NewUser(), IsAdmin: false);

        var result = await engine.Manager.LaunchAsync(
            alice,
            new LaunchRequest { Name = "gpu2", Image = EngineEnvironment.ShellImage, Command = ["sh", "-c", "echo $NVIDIA_VISIBLE_DEVICES; sleep 300"], Gpus = 2 },
            cts.Token);

        Assert.True(result.Succeeded, result.Error?.Message);
        var container = Assert.IsType<ContainerSummary>(result.Container);
        Assert.Equal(2, result.GpuDeviceIds.Distinct().Count());
        Assert.All(result.GpuDeviceIds, id => Assert.Contains(id, env.DeviceIds));
        // Read from outside the portal: what the process in the container was really given.
        var logs = await Poll.UntilAsync(
            () => DockerCli.OutputAsync(["logs", container.Id], cts.Token), text => text.Trim().Length > 0, TimeSpan.FromSeconds(10), "the container's first log line", cts.Token);
        Assert.Equal(string.Join(',', result.GpuDeviceIds), logs.Trim());
        Assert.Equal(result.GpuDeviceIds, container.GpuDeviceIds);
        Assert.True(container.IsRunning, container.State);
        Assert.Equal(alice.UserName, container.Owner);
        Assert.Equal("gpu2", container.DisplayName);
        Assert.Contains($" -e NVIDIA_VISIBLE_DEVICES={string.Join(',', result.GpuDeviceIds)} ", result.DockerRun, StringComparison.Ordinal);

        var leases = await engine.LeasesAsync(cts.Token);
        Assert.Equal(result.GpuDeviceIds.Order(StringComparer.Ordinal), leases.Select(l => l.DeviceId));
        Assert.All(leases, lease =>
        {
            Assert.Equal(alice.UserName, lease.Owner);
            Assert.Equal("gpu2", lease.ContainerName);
            Assert.Equal(container.PortalId, lease.PortalContainerId);
            Assert.Equal(container.Id, lease.DockerContainerId);
        });
    }

    [Fact]
    public async Task LaunchAsync_Defaults_ReachDockerWithTheSecurityFloor()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var env = new EngineEnvironment();
        var engine = await env.StartEngineAsync(cts.Token);
        var alice = new Actor(env.NewUser(), IsAdmin: false);

        var result = await engine.Manager.LaunchAsync(alice, Requests.Sleeper("web") with { Ports = [8080], Workspace = true }, cts.Token);

        Assert.True(result.Succeeded, result.Error?.Message);
        var id = result.Container!.Id;
        using var host = JsonDocument.Parse(await DockerCli.OutputAsync(["inspect", "--format", "{{json .HostConfig}}", id], cts.Token));
        var config = host.RootElement;
        Assert.False(config.GetProperty("Privileged").GetBoolean());
        Assert.Equal(["no-new-privileges"], config.GetProperty("SecurityOpt").EnumerateArray().Select(e => e.GetString()));
        Assert.True(IsNullOrEmptyArray(config.GetProperty("CapAdd")));
        Assert.True(IsNullOrEmptyArray(config.GetProperty("Devices")));
        Assert.True(IsNullOrEmptyArray(config.GetProperty("DeviceRequests")));
        Assert.Equal(string.Empty, config.GetProperty("PidMode").GetString());
        Assert.Equal(EngineEnvironment.NetworkNameOf(alice.UserName), config.GetProperty("NetworkMode").GetString());
        Assert.Equal(2048L * 1024 * 1024, config.GetProperty("ShmSize").GetInt64());
        Assert.Equal(4096L, config.GetProperty("PidsLimit").GetInt64());
        Assert.Equal([$"{Path.Combine(env.WorkspaceRoot, alice.UserName)}:/workspace"], config.GetProperty("Binds").EnumerateArray().Select(e => e.GetString()));
        Assert.True(Directory.Exists(Path.Combine(env.WorkspaceRoot, alice.UserName)));
        var binding = Assert.Single(config.GetProperty("PortBindings").GetProperty("8080/tcp").EnumerateArray());
        Assert.Equal("127.0.0.1", binding.GetProperty("HostIp").GetString());

        // CPUs and memory default to the quota, capped by what the engine's host has.
        var facts = engine.Services.GetRequiredService<IEngineStatusMonitor>().Current;
        Assert.Equal((long)(Math.Min(8, facts.CpuCount) * 1_000_000_000L), config.GetProperty("NanoCpus").GetInt64());
        Assert.Equal(Math.Min(65536, facts.MemoryBytes / (1024 * 1024)) * 1024 * 1024, config.GetProperty("Memory").GetInt64());

        var details = await env.Containers.InspectAsync(id, cts.Token);
        Assert.NotNull(details);
        Assert.Contains("NVIDIA_VISIBLE_DEVICES=void", details.Environment);
        var port = Assert.Single(details.Summary.Ports);
        Assert.Equal(8080, port.ContainerPort);
        Assert.Equal("127.0.0.1", port.HostIp);
        Assert.True(port.HostPort > 0);
    }

    [Fact]
    public async Task LaunchAsync_NameTaken_IsRefusedWhileAnotherMemberMayUseTheName()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var env = new EngineEnvironment();
        var engine = await env.StartEngineAsync(cts.Token);
        var alice = new Actor(env.NewUser(), IsAdmin: false);
        var bob = new Actor(env.NewUser(), IsAdmin: false);

        var first = await engine.Manager.LaunchAsync(alice, Requests.Sleeper("train", gpus: 1), cts.Token);
        var again = await engine.Manager.LaunchAsync(alice, Requests.Sleeper("train", gpus: 1), cts.Token);
        var otherCase = await engine.Manager.LaunchAsync(alice, Requests.Sleeper("TRAIN"), cts.Token);
        var bobs = await engine.Manager.LaunchAsync(bob, Requests.Sleeper("train"), cts.Token);

        Assert.True(first.Succeeded, first.Error?.Message);
        Assert.Equal(LaunchErrorCodes.NameTaken, again.Error?.Code);
        Assert.Equal(LaunchErrorCodes.NameTaken, otherCase.Error?.Code);
        Assert.True(bobs.Succeeded, bobs.Error?.Message);
        Assert.NotEqual(first.Container!.Name, bobs.Container!.Name);
        Assert.Single(await env.ContainersOfAsync(alice.UserName, cts.Token));
        // The refused launch leased nothing: alice still holds only the first container's GPU.
        Assert.Equal(first.GpuDeviceIds, (await engine.LeasesAsync(cts.Token)).Select(l => l.DeviceId));
    }

    [Fact]
    public async Task LaunchAsync_SucceededAndRefused_BothWriteAnAuditRecord()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var env = new EngineEnvironment();
        var engine = await env.StartEngineAsync(cts.Token);
        var alice = new Actor(env.NewUser(), IsAdmin: false);

        var launched = await engine.Manager.LaunchAsync(alice, Requests.Sleeper("audited", gpus: 1), cts.Token);
        await engine.Manager.LaunchAsync(alice, Requests.Sleeper("audited"), cts.Token);
        await engine.Manager.LaunchAsync(alice, Requests.Sleeper("greedy", gpus: 3), cts.Token);
        await engine.Manager.LaunchAsync(alice, Requests.Sleeper("sneaky") with { Env = new Dictionary<string, string> { ["NVIDIA_VISIBLE_DEVICES"] = "all" } }, cts.Token);
        await engine.Manager.LaunchAsync(alice, Requests.Sleeper("foreign") with { Image = "ubuntu:22.04" }, cts.Token);

        var page = await engine.Audit.QueryAsync(new AuditQuery { Actor = alice.UserName, Action = "container.launch" }, cts.Token);
        var entries = page.Entries.Reverse().ToList();
        Assert.Equal(5, page.Total);
        Assert.Equal(["audited", "audited", "greedy", "sneaky", "foreign"], entries.Select(e => e.Target));
        Assert.Equal(
            [AuditOutcome.Succeeded, AuditOutcome.Refused, AuditOutcome.Refused, AuditOutcome.Refused, AuditOutcome.Refused],
            entries.Select(e => e.Outcome));
        Assert.Contains(launched.GpuDeviceIds[0], entries[0].Detail, StringComparison.Ordinal);
        Assert.Contains(launched.Container!.Id[..12], entries[0].Detail, StringComparison.Ordinal);
        Assert.StartsWith(LaunchErrorCodes.NameTaken, entries[1].Detail, StringComparison.Ordinal);
        Assert.StartsWith(LaunchErrorCodes.QuotaExceeded, entries[2].Detail, StringComparison.Ordinal);
        Assert.StartsWith(LaunchErrorCodes.PolicyViolation, entries[3].Detail, StringComparison.Ordinal);
        Assert.StartsWith(LaunchErrorCodes.ImageNotAllowed, entries[4].Detail, StringComparison.Ordinal);
        Assert.All(entries, e => Assert.Equal(alice.UserName, e.Actor));
    }

    private static bool IsNullOrEmptyArray(JsonElement element) =>
        element.ValueKind == JsonValueKind.Null || (element.ValueKind == JsonValueKind.Array && element.GetArrayLength() == 0);
}
