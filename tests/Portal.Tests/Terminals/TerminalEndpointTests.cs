using System.Net;
using System.Net.WebSockets;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Audit;
using Portal.Engine.Tests.Integration;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Terminals;

/// <summary>
/// <c>GET /api/v1/containers/{id}/terminal</c> against the real portal on Kestrel and the real Docker engine: a
/// browser's socket, real execs with a TTY, real shells.
/// </summary>
public sealed class TerminalEndpointTests(TerminalFixture fixture) : IClassFixture<TerminalFixture>, IAsyncLifetime
{
    private TerminalAppFactory Factory => fixture.Factory;

    private Uri Server => Factory.Address;

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Tests leave detached sessions behind (that is the point of several); end them so the next test starts clean.</summary>
    public async Task DisposeAsync() =>
        await Task.WhenAll(Factory.Terminals.Sessions.Select(s => s.EndAsync(Portal.Engine.Terminals.TerminalEndReason.Closed))).WaitAsync(TestTimeout.Default);

    [Fact]
    public async Task Open_DebianContainer_RunsBashInWorkspaceAndEchoes()
    {
        var (client, sessionId) = await TerminalClient.OpenAsync(Server, fixture.PythonContainerId, fixture.MemberToken);
        await using var _ = client;

        await client.SendKeysAsync("echo shell=${BASH_VERSION:+bash} pwd=$PWD term=$TERM sum=$((6*7))\r");

        await client.WaitForOutputAsync("shell=bash pwd=/workspace term=xterm-256color sum=42");
        var session = Assert.Single(client.Messages(), m => m.GetProperty("type").GetString() == "session");
        Assert.True(session.GetProperty("new").GetBoolean());
        var live = Factory.Terminals.Find(sessionId);
        Assert.NotNull(live);
        Assert.Equal(fixture.Member, live.Owner);
        Assert.True(live.IsAttached);
    }

    [Fact]
    public async Task Open_BusyboxContainer_FallsBackToSh()
    {
        var (client, _) = await TerminalClient.OpenAsync(Server, fixture.ShellContainerId, fixture.MemberToken);
        await using var __ = client;

        await client.SendKeysAsync("echo shell=${BASH_VERSION:-sh} sum=$((6*7))\r");

        await client.WaitForOutputAsync("shell=sh sum=42");
    }

    [Fact]
    public async Task Open_SameOriginBrowser_IsAccepted()
    {
        var origin = $"{Server.Scheme}://{Server.Authority}";
        await using var client = await TerminalClient.ConnectAsync(Server, fixture.ShellContainerId, fixture.MemberToken, origin: origin);

        var session = await client.WaitForMessageAsync("session");

        Assert.False(string.IsNullOrEmpty(session.GetProperty("id").GetString()));
        await client.SendKeysAsync("exit\r");
        await client.WaitForMessageAsync("exit");
    }

    [Fact]
    public async Task BrowserCookie_SameOrigin_OpensAndForeignOriginIsRefused()
    {
        var cookies = await BrowserSignIn.SignInAsync(Factory, fixture.Member, ApiClientExtensions.MemberPassword);
        var origin = $"{Server.Scheme}://{Server.Authority}";

        // The cross-site hijack: the browser sends the user's cookie along, so only the Origin tells it apart.
        var hijack = await TerminalClient.RefusedStatusAsync(Server, fixture.PythonContainerId, token: null, origin: "https://evil.example", cookies: cookies);
        Assert.Equal(HttpStatusCode.Forbidden, hijack);

        await using var client = await TerminalClient.ConnectAsync(Server, fixture.PythonContainerId, token: null, origin: origin, cookies: cookies);
        await client.WaitForMessageAsync("replay-end");
        await client.SendKeysAsync("echo cookie-$((6*7))\r");
        await client.WaitForOutputAsync("cookie-42");
    }

    [Fact]
    public async Task Resize_ThenSttySize_PrintsTheNewSize()
    {
        var (client, _) = await TerminalClient.OpenAsync(Server, fixture.PythonContainerId, fixture.MemberToken);
        await using var __ = client;

        await client.SendControlAsync(new { type = "resize", cols = 100, rows = 37 });
        await client.SendKeysAsync("stty size\r");

        await client.WaitForOutputAsync("37 100");
    }

    [Fact]
    public async Task Open_WithInitialSize_StartsAtThatSize()
    {
        var (client, _) = await TerminalClient.OpenAsync(Server, fixture.ShellContainerId, fixture.MemberToken, "cols=123&rows=45");
        await using var __ = client;

        await client.SendKeysAsync("stty size\r");

        await client.WaitForOutputAsync("45 123");
    }

    [Fact]
    public async Task Exit_WithCode_SendsExitLastAndLeavesNoExec()
    {
        var (client, sessionId) = await TerminalClient.OpenAsync(Server, fixture.PythonContainerId, fixture.MemberToken);
        await using var _ = client;
        var execId = Factory.Terminals.Find(sessionId)!.ExecId;

        await client.SendKeysAsync("exit 3\r");

        var exit = await client.WaitForMessageAsync("exit");
        Assert.Equal(3, exit.GetProperty("code").GetInt32());
        Assert.Equal("exited", exit.GetProperty("reason").GetString());
        await client.WaitForCloseAsync();
        Assert.Equal(WebSocketCloseStatus.NormalClosure, client.CloseStatus);
        Assert.Equal("exit", client.Messages()[^1].GetProperty("type").GetString());
        await WaitUntilGoneAsync(sessionId);
        Assert.Empty(Factory.Terminals.Sessions);
        Assert.False(await TerminalContainers.IsExecRunningAsync(execId));
    }

    [Fact]
    public async Task Open_WithCommand_RunsThatCommandLine()
    {
        var query = "command=" + Uri.EscapeDataString("echo from-$((40+2)); exit 5");
        await using var client = await TerminalClient.ConnectAsync(Server, fixture.ShellContainerId, fixture.MemberToken, query);

        await client.WaitForOutputAsync("from-42");
        var exit = await client.WaitForMessageAsync("exit");

        Assert.Equal(5, exit.GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task CloseMessage_EndsTheSessionNow()
    {
        var (client, sessionId) = await TerminalClient.OpenAsync(Server, fixture.PythonContainerId, fixture.MemberToken);
        await using var _ = client;
        var execId = Factory.Terminals.Find(sessionId)!.ExecId;

        await client.SendControlAsync(new { type = "close" });

        var exit = await client.WaitForMessageAsync("exit");
        Assert.Equal("closed", exit.GetProperty("reason").GetString());
        await WaitUntilGoneAsync(sessionId);
        Assert.False(await TerminalContainers.IsExecRunningAsync(execId));
    }

    [Fact]
    public async Task Ping_IsAnsweredWithPong()
    {
        var (client, _) = await TerminalClient.OpenAsync(Server, fixture.ShellContainerId, fixture.MemberToken);
        await using var __ = client;

        await client.SendControlAsync(new { type = "ping" });

        await client.WaitForMessageAsync("pong");
        await client.SendControlAsync(new { type = "close" });
        await client.WaitForMessageAsync("exit");
    }

    [Fact]
    public async Task BinaryOutput_PassesThroughUntouched()
    {
        var (client, _) = await TerminalClient.OpenAsync(Server, fixture.PythonContainerId, fixture.MemberToken);
        await using var __ = client;

        // Not UTF-8: the bytes FF FE 80 must arrive as they are, not as replacement characters.
        await client.SendKeysAsync("printf 'bin:\\377\\376\\200:%s\\n' end-$((1+1))\r");

        await client.WaitForOutputAsync(":end-2");
        var output = client.Output();
        byte[] expected = [.. "bin:"u8, 0xFF, 0xFE, 0x80, .. ":end-2"u8];
        Assert.True(output.AsSpan().IndexOf(expected) >= 0, "The raw bytes did not arrive untouched.");
    }

    [Fact]
    public async Task InvalidControlMessage_ClosesWith1007AndOnlyDetaches()
    {
        var (client, sessionId) = await TerminalClient.OpenAsync(Server, fixture.ShellContainerId, fixture.MemberToken);
        await using var _ = client;

        await client.SendRawTextAsync("this is not json");

        await client.WaitForCloseAsync();
        Assert.Equal(WebSocketCloseStatus.InvalidPayloadData, client.CloseStatus);
        var session = Factory.Terminals.Find(sessionId);
        Assert.NotNull(session);
        await WaitUntilAsync(() => !session.IsAttached, "the session to detach");
        Assert.Null(session.Exit);
        await session.EndAsync(Portal.Engine.Terminals.TerminalEndReason.Closed).WaitAsync(TestTimeout.Default);
    }

    [Fact]
    public async Task Anonymous_Returns401ProblemNotRedirect()
    {
        var status = await TerminalClient.RefusedStatusAsync(Server, fixture.PythonContainerId, token: null);
        Assert.Equal(HttpStatusCode.Unauthorized, status);

        using var http = Factory.CreateTcpClient();
        using var response = await http.GetAsync(new Uri($"/api/v1/containers/{fixture.PythonContainerId}/terminal", UriKind.Relative));
        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task OtherMember_Returns404()
    {
        var other = await Factory.CreateUserAsync("term-other");
        var token = await Factory.GetTokenAsync(other, ApiClientExtensions.MemberPassword);
        using var http = Factory.CreateTcpClient(token);

        var status = await TerminalClient.RefusedStatusAsync(Server, fixture.PythonContainerId, token);

        Assert.Equal(HttpStatusCode.NotFound, status);
        using var response = await http.GetAsync(new Uri($"/api/v1/containers/{fixture.PythonContainerId}/terminal", UriKind.Relative));
        await response.AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task ForeignOrigin_Returns403()
    {
        var status = await TerminalClient.RefusedStatusAsync(Server, fixture.PythonContainerId, fixture.MemberToken, origin: "https://evil.example");
        Assert.Equal(HttpStatusCode.Forbidden, status);

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/api/v1/containers/{fixture.PythonContainerId}/terminal", UriKind.Relative));
        request.Headers.Add("Origin", $"http://{Server.Host}:1");
        using var http = Factory.CreateTcpClient(fixture.MemberToken);
        using var response = await http.SendAsync(request);
        await response.AssertProblemAsync(HttpStatusCode.Forbidden, "origin-not-allowed");
    }

    [Fact]
    public async Task PlainGet_Returns400WebSocketRequired()
    {
        using var http = Factory.CreateTcpClient(fixture.MemberToken);

        using var response = await http.GetAsync(new Uri($"/api/v1/containers/{fixture.PythonContainerId}/terminal", UriKind.Relative));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "websocket-required");
    }

    [Fact]
    public async Task Reattach_WithinGrace_KeepsShellStateAndReplaysOutput()
    {
        var (first, sessionId) = await TerminalClient.OpenAsync(Server, fixture.PythonContainerId, fixture.MemberToken);
        await first.SendKeysAsync("X=41; echo set-$X\r");
        await first.WaitForOutputAsync("set-41");
        await first.CloseAsync();
        await first.DisposeAsync();
        var session = Factory.Terminals.Find(sessionId);
        Assert.NotNull(session);
        await WaitUntilAsync(() => !session.IsAttached, "the session to detach");

        var (second, again) = await TerminalClient.OpenAsync(Server, fixture.PythonContainerId, fixture.MemberToken, $"session={sessionId}");
        await using var _ = second;

        Assert.Equal(sessionId, again);
        var replayed = second.Messages().Single(m => m.GetProperty("type").GetString() == "session");
        Assert.False(replayed.GetProperty("new").GetBoolean());
        // The replay came before replay-end: the earlier output is there already.
        await second.WaitForOutputAsync("set-41");
        var mark = second.OutputLength;
        await second.SendKeysAsync("echo next-$((X+1))\r");
        await second.WaitForOutputAsync("next-42", mark);
    }

    [Fact]
    public async Task SecondAttach_TakesOverTheFirst()
    {
        var (first, sessionId) = await TerminalClient.OpenAsync(Server, fixture.ShellContainerId, fixture.MemberToken);
        await using var _ = first;

        var (second, __) = await TerminalClient.OpenAsync(Server, fixture.ShellContainerId, fixture.MemberToken, $"session={sessionId}");
        await using var ___ = second;

        await first.WaitForMessageAsync("taken-over");
        await first.WaitForCloseAsync();
        Assert.Equal((WebSocketCloseStatus)4000, first.CloseStatus);
        await second.SendKeysAsync("echo still-$((1+1))\r");
        await second.WaitForOutputAsync("still-2");
        Assert.True(Factory.Terminals.Find(sessionId)!.IsAttached);
    }

    [Fact]
    public async Task Reattach_AnotherUsersSession_IsRefusedAsEnded()
    {
        var (owner, sessionId) = await TerminalClient.OpenAsync(Server, fixture.PythonContainerId, fixture.MemberToken);
        await using var _ = owner;
        var adminToken = await Factory.GetTokenAsync(PortalAppFactory.AdminUserName, PortalAppFactory.AdminPassword);

        await using var intruder = await TerminalClient.ConnectAsync(Server, fixture.PythonContainerId, adminToken, $"session={sessionId}");

        var error = await intruder.WaitForMessageAsync("error");
        Assert.Equal("session-ended", error.GetProperty("code").GetString());
        await intruder.WaitForCloseAsync();
        Assert.Equal((WebSocketCloseStatus)4404, intruder.CloseStatus);
        Assert.True(Factory.Terminals.Find(sessionId)!.IsAttached);
    }

    [Fact]
    public async Task Admin_OpensMembersContainer_AuditedAsAdmin()
    {
        var adminToken = await Factory.GetTokenAsync(PortalAppFactory.AdminUserName, PortalAppFactory.AdminPassword);

        var (client, sessionId) = await TerminalClient.OpenAsync(Server, fixture.ShellContainerId, adminToken);
        await using (client)
        {
            await client.SendKeysAsync("echo admin-$((2*21))\r");
            await client.WaitForOutputAsync("admin-42");
            await client.SendKeysAsync("exit\r");
            await client.WaitForMessageAsync("exit");
        }

        await WaitUntilGoneAsync(sessionId);
        // The records are written off the terminal's path (a prompt never waits on the database): poll for them.
        var audit = Factory.Services.GetRequiredService<IAuditLog>();
        var shortId = sessionId[..12];
        var page = await Poll.UntilAsync(
            () => audit.QueryAsync(new AuditQuery { Actor = PortalAppFactory.AdminUserName, Action = "terminal." }, TestTimeout.Token()),
            p => p.Entries.Count(e => e.Detail!.Contains(shortId, StringComparison.Ordinal)) == 2,
            TerminalClient.Timeout,
            "the admin's terminal open and close in the audit log",
            TestTimeout.Token());

        var open = Assert.Single(page.Entries, e => e.Action == "terminal.open" && e.Detail!.Contains(shortId, StringComparison.Ordinal));
        Assert.Contains($"as admin on {fixture.Member}'s container", open.Detail, StringComparison.Ordinal);
        var close = Assert.Single(page.Entries, e => e.Action == "terminal.close" && e.Detail!.Contains(shortId, StringComparison.Ordinal));
        Assert.Contains("duration", close.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("admin-", open.Detail + close.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Flood_SlowBrowser_StaysBoundedAndCtrlCStopsIt()
    {
        var (client, sessionId) = await TerminalClient.OpenAsync(Server, fixture.PythonContainerId, fixture.MemberToken);
        await using var _ = client;
        var session = Factory.Terminals.Find(sessionId)!;

        await client.SendKeysAsync("yes\r");
        await client.WaitForOutputLengthAsync(4 * 1024 * 1024, TimeSpan.FromSeconds(30));

        // A browser that stops reading: the kernel's socket buffers fill, then the server's queue, and then the pump
        // must stop reading from Docker, so what the terminal printed stops growing while nobody reads. Without flow
        // control it would grow for as long as `yes` runs.
        client.PauseReading();
        await WaitUntilStalledAsync(session);
        var buffered = session.OutputBufferedBytes;
        client.ResumeReading();

        var mark = client.OutputLength;
        await client.SendBytesAsync([0x03]);
        await client.SendKeysAsync("echo flood-$((1+1))-over\r");
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        await client.WaitForOutputAsync("flood-2-over", mark);
        stopwatch.Stop();

        Assert.True(session.PeakOutputBufferedBytes <= session.OutputQueueCapacity, $"Peak {session.PeakOutputBufferedBytes} > {session.OutputQueueCapacity}.");
        // Stalled with the queue full: the pump holds the one read it waits to queue, and nothing more was read.
        Assert.True(buffered > session.OutputQueueCapacity - ReadChunk, $"Stalled with only {buffered} bytes queued.");
        // Generous for a loaded machine (the wait above gives up at 20 s); Ctrl+C normally takes well under a second.
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(15), $"Ctrl+C took {stopwatch.Elapsed} to bring the prompt back.");
        Assert.True(session.ScrollbackBytes <= 256 * 1024);
    }

    [Fact]
    public async Task StoppingTheContainer_EndsItsSessions()
    {
        var containerId = await TerminalContainers.LaunchAsync(fixture.MemberClient, TerminalContainers.Shell, command: TerminalContainers.StoppableSleep);
        try
        {
            var (client, sessionId) = await TerminalClient.OpenAsync(Server, containerId, fixture.MemberToken);
            await using var _ = client;
            var execId = Factory.Terminals.Find(sessionId)!.ExecId;

            using var stopped = await fixture.MemberClient.PostAsync(new Uri($"/api/v1/containers/{containerId}/stop", UriKind.Relative), null);
            Assert.Equal(HttpStatusCode.OK, stopped.StatusCode);

            await client.WaitForMessageAsync("exit");
            await WaitUntilGoneAsync(sessionId);
            Assert.False(await TerminalContainers.IsExecRunningAsync(execId));
            var status = await TerminalClient.RefusedStatusAsync(Server, containerId, fixture.MemberToken);
            Assert.Equal(HttpStatusCode.Conflict, status);
        }
        finally
        {
            await TerminalContainers.RemoveAsync(fixture.MemberClient, containerId);
        }
    }

    /// <summary>The session's read size from Docker: the most the pump can hold beyond a full queue.</summary>
    private const int ReadChunk = 32 * 1024;

    /// <summary>
    /// Waits until the terminal's output has not grown for half a second with the queue full: the pump stopped
    /// reading because nobody reads. (Half a second without growth alone can also be a starved pump on a busy machine.)
    /// </summary>
    private static async Task WaitUntilStalledAsync(Portal.Engine.Terminals.TerminalSession session)
    {
        var deadline = DateTime.UtcNow + TerminalClient.Timeout;
        var last = session.OutputBytes;
        var since = DateTime.UtcNow;
        while (DateTime.UtcNow - since < TimeSpan.FromMilliseconds(500) || session.OutputBufferedBytes <= session.OutputQueueCapacity - ReadChunk)
        {
            Assert.True(DateTime.UtcNow < deadline, $"The terminal did not stall with a full queue while nobody read it ({session.OutputBytes} bytes read, {session.OutputBufferedBytes} of {session.OutputQueueCapacity} queued).");
            await Task.Delay(50);
            var now = session.OutputBytes;
            if (now != last)
            {
                last = now;
                since = DateTime.UtcNow;
            }
        }
    }

    private async Task WaitUntilGoneAsync(string sessionId) =>
        await WaitUntilAsync(() => Factory.Terminals.Find(sessionId) is null, $"session {sessionId} to be gone");

    private static Task WaitUntilAsync(Func<bool> condition, string what) =>
        Poll.UntilAsync(condition, done => done, TerminalClient.Timeout, what, TestTimeout.Token());
}
