using System.Net.WebSockets;
using Portal.Engine.Terminals;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Terminals;

/// <summary>How terminal sessions end on their own: the grace period, the idle timeout, the per-user limit, shutdown.</summary>
public sealed class TerminalLifetimeTests(ShortLivedTerminalFixture fixture) : IClassFixture<ShortLivedTerminalFixture>, IAsyncLifetime
{
    private TerminalAppFactory Factory => fixture.Factory;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() =>
        await Task.WhenAll(Factory.Terminals.Sessions.Select(s => s.EndAsync(TerminalEndReason.Closed))).WaitAsync(TestTimeout.Default);

    [Fact]
    public async Task Detached_AfterGrace_EndsTheExecAndRefusesReattach()
    {
        var (client, sessionId) = await TerminalClient.OpenAsync(Factory.Address, fixture.ContainerId, fixture.MemberToken);
        await client.SendKeysAsync("echo ready-$((1+1))\r");
        await client.WaitForOutputAsync("ready-2");
        var session = Factory.Terminals.Find(sessionId)!;
        await client.CloseAsync();
        await client.DisposeAsync();

        var exit = await session.Completion.WaitAsync(TestTimeout.Default);

        Assert.Equal(TerminalEndReason.GraceExpired, exit.Reason);
        Assert.True(DateTimeOffset.UtcNow - session.DetachedAt >= ShortLivedTerminalFixture.Grace);
        Assert.False(await TerminalContainers.IsExecRunningAsync(session.ExecId));
        await using var late = await TerminalClient.ConnectAsync(Factory.Address, fixture.ContainerId, fixture.MemberToken, $"session={sessionId}");
        var error = await late.WaitForMessageAsync("error");
        Assert.Equal("session-ended", error.GetProperty("code").GetString());
        Assert.Contains("open a new one", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        await late.WaitForCloseAsync();
        Assert.Equal((WebSocketCloseStatus)4404, late.CloseStatus);
    }

    [Fact]
    public async Task Attached_NoInputOrOutput_EndsAfterIdleTimeout()
    {
        var (client, sessionId) = await TerminalClient.OpenAsync(Factory.Address, fixture.ContainerId, fixture.MemberToken);
        await using var _ = client;
        var started = DateTimeOffset.UtcNow;

        var exit = await client.WaitForMessageAsync("exit");

        Assert.Equal("idle-timeout", exit.GetProperty("reason").GetString());
        // The server's idle clock starts at the shell's prompt, a moment before the client saw it: not instant is the point.
        Assert.True(DateTimeOffset.UtcNow - started >= ShortLivedTerminalFixture.IdleTimeout / 2, $"Ended after {DateTimeOffset.UtcNow - started}.");
        await client.WaitForCloseAsync();
        Assert.Null(Factory.Terminals.Find(sessionId));
    }

    [Fact]
    public async Task OverTheLimit_IsRefusedWithAnError()
    {
        var opened = new List<TerminalClient>();
        try
        {
            for (var i = 0; i < ShortLivedTerminalFixture.MaxSessionsPerUser; i++)
            {
                opened.Add((await TerminalClient.OpenAsync(Factory.Address, fixture.ContainerId, fixture.MemberToken)).Client);
            }

            await using var refused = await TerminalClient.ConnectAsync(Factory.Address, fixture.ContainerId, fixture.MemberToken);

            var error = await refused.WaitForMessageAsync("error");
            Assert.Equal("too-many-sessions", error.GetProperty("code").GetString());
            await refused.WaitForCloseAsync();
            Assert.Equal((WebSocketCloseStatus)4429, refused.CloseStatus);
        }
        finally
        {
            foreach (var client in opened)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task PortalShutdown_EndsSessionsAndLeavesNoExec()
    {
        var portal = new TerminalAppFactory();
        string? containerId = null;
        var member = string.Empty;
        try
        {
            await portal.StartAsync();
            member = await portal.CreateUserAsync("term-down");
            var token = await portal.GetTokenAsync(member, ApiClientExtensions.MemberPassword);
            using (var http = portal.CreateTcpClient(token))
            {
                containerId = await TerminalContainers.LaunchAsync(http, TerminalContainers.Shell);
            }

            var (attached, attachedId) = await TerminalClient.OpenAsync(portal.Address, containerId, token);
            await using var _ = attached;
            var (detached, detachedId) = await TerminalClient.OpenAsync(portal.Address, containerId, token);
            await detached.CloseAsync();
            await detached.DisposeAsync();
            var execs = new[] { portal.Terminals.Find(attachedId)!.ExecId, portal.Terminals.Find(detachedId)!.ExecId };

            await portal.DisposeAsync().AsTask().WaitAsync(TestTimeout.Default);

            var exit = await attached.WaitForMessageAsync("exit");
            Assert.Equal("shutdown", exit.GetProperty("reason").GetString());
            foreach (var exec in execs)
            {
                Assert.False(await TerminalContainers.IsExecRunningAsync(exec), $"Exec {exec} outlived the portal.");
            }
        }
        finally
        {
            await portal.DisposeAsync();
            // The portal is gone, so its API cannot remove what it made: the container and the member's network.
            using var docker = TerminalContainers.Docker();
            if (containerId is not null)
            {
                await docker.Containers.RemoveContainerAsync(containerId, new Docker.DotNet.Models.ContainerRemoveParameters { Force = true }, TestTimeout.Token());
            }

            if (member.Length > 0)
            {
                await docker.Networks.DeleteNetworkAsync("portal-net-" + member, TestTimeout.Token());
            }
        }
    }
}
