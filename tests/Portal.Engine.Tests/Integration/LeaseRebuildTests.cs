using Microsoft.EntityFrameworkCore;
using Portal.Data.Entities;
using Portal.Engine.Containers;

namespace Portal.Engine.Tests.Integration;

/// <summary>A portal killed and started again holds exactly the leases of the containers that run, whatever its database says.</summary>
public sealed class LeaseRebuildTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Restart_AfterADeadPortalAndATamperedDatabase_LeasesAreExactlyThoseOfTheRunningContainers()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var env = new EngineEnvironment(new Dictionary<string, string?> { ["Quotas:MaxGpus"] = "6" });
        var alice = new Actor(env.NewUser(), IsAdmin: false);
        var bob = new Actor(env.NewUser(), IsAdmin: false);
        var first = await env.StartEngineAsync(cts.Token);
        var a = await first.Manager.LaunchAsync(alice, Requests.Sleeper("a", gpus: 1), cts.Token);
        var b = await first.Manager.LaunchAsync(bob, Requests.Sleeper("b", gpus: 2), cts.Token);
        var stopped = await first.Manager.LaunchAsync(alice, Requests.Sleeper("stopped", gpus: 1), cts.Token);
        Assert.True(a.Succeeded && b.Succeeded && stopped.Succeeded, a.Error?.Message ?? b.Error?.Message ?? stopped.Error?.Message);
        Assert.True((await first.Manager.StopAsync(alice, stopped.Container!.Id, cts.Token)).Succeeded);

        // The portal dies: nothing is stopped or removed, the containers keep running.
        await first.DisposeAsync();
        var free = env.DeviceIds.Except(a.GpuDeviceIds).Except(b.GpuDeviceIds).Except(stopped.GpuDeviceIds).First();
        await using (var db = env.CreateDbContext())
        {
            // Leases of containers that do not exist, one on a free device and one on a device a running container holds
            // (whose own row is lost), as a crash between two writes or a hand-edited database leaves them.
            await db.GpuLeases.Where(l => l.DeviceId == b.GpuDeviceIds[0]).ExecuteDeleteAsync(cts.Token);
            db.GpuLeases.Add(Bogus(free));
            db.GpuLeases.Add(Bogus(b.GpuDeviceIds[0]));
            await db.SaveChangesAsync(cts.Token);
        }

        var second = await env.StartEngineAsync(cts.Token);

        var expected = a.GpuDeviceIds.Select(d => (d, a.Container!.PortalId, a.Container.Id, alice.UserName, "a"))
            .Concat(b.GpuDeviceIds.Select(d => (d, b.Container!.PortalId, b.Container.Id, bob.UserName, "b")))
            .OrderBy(l => l.d, StringComparer.Ordinal);
        var leases = await second.LeasesAsync(cts.Token);
        Assert.Equal(expected, leases.Select(l => (l.DeviceId, (string?)l.PortalContainerId, l.DockerContainerId!, l.Owner, l.ContainerName)));

        // The rebuilt leases are live: a stop releases them, and a new launch gets a free device, never a held one.
        var next = await second.Manager.LaunchAsync(alice, Requests.Sleeper("next", gpus: 1), cts.Token);
        Assert.True(next.Succeeded, next.Error?.Message);
        Assert.DoesNotContain(Assert.Single(next.GpuDeviceIds), a.GpuDeviceIds.Concat(b.GpuDeviceIds));
        Assert.True((await second.Manager.StopAsync(bob, b.Container!.Id, cts.Token)).Succeeded);
        Assert.DoesNotContain(await second.LeasesAsync(cts.Token), l => l.Owner == bob.UserName);
    }

    private static GpuLease Bogus(string deviceId) => new()
    {
        DeviceId = deviceId,
        PortalContainerId = Guid.NewGuid().ToString("N"),
        DockerContainerId = new string('f', 64),
        Owner = "ghost",
        ContainerName = "gone",
        LeasedAt = DateTimeOffset.UtcNow.AddHours(-1),
    };
}
