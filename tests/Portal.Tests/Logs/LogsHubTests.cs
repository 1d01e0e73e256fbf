using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Audit;
using Portal.Tests.Infrastructure;
using Portal.Tests.Terminals;

namespace Portal.Tests.Logs;

/// <summary><c>/hubs/logs</c> on the real portal (Kestrel, WebSockets) and the real Docker engine, driven as a script would.</summary>
public sealed class LogsHubTests(LogsFixture fixture) : IClassFixture<LogsFixture>
{
    private Uri Server => fixture.Factory.Address;

    [Fact]
    public async Task Follow_SeveralClients_EachReceivesEveryLineInOrder()
    {
        const int count = 500;
        var id = await LogContainers.LaunchAsync(fixture.AliceClient, "live-" + Guid.NewGuid().ToString("N")[..6], LogContainers.NumberedAfterGo(count));
        var clients = new List<LogsHubClient>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var client = await LogsHubClient.ConnectAsync(Server, fixture.AliceToken);
                clients.Add(client);
                var snapshot = await client.FollowAsync(id, tail: 100);
                Assert.Equal(0, snapshot.GetProperty("lines").GetArrayLength());
                Assert.Equal(0, snapshot.GetProperty("missed").GetInt64());
            }

            await LogContainers.GoAsync(id);
            await Task.WhenAll(clients.Select(c => c.ReadLinesAsync(count)));

            foreach (var client in clients)
            {
                Assert.Equal(LogContainers.Numbered("line", count), client.Texts);
                var sequences = client.Lines.Select(l => l.GetProperty("sequence").GetInt64()).ToList();
                Assert.Equal(Enumerable.Range(0, count).Select(i => sequences[0] + i), sequences);
                Assert.All(client.Lines, line =>
                {
                    Assert.Equal("stdout", line.GetProperty("stream").GetString());
                    Assert.Equal(JsonValueKind.String, line.GetProperty("timestamp").ValueKind);
                    Assert.InRange(line.GetProperty("timestamp").GetDateTimeOffset(), DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
                });
                Assert.All(client.Batches, b => Assert.Equal(0, b.GetProperty("missed").GetInt64()));
            }

            // A late joiner gets the tail first.
            await using var late = await LogsHubClient.ConnectAsync(Server, fixture.AliceToken);
            await late.FollowAsync(id, tail: 10);
            Assert.Equal(LogContainers.Numbered("line", count, count - 10), late.Texts);
            Assert.Equal(clients[0].Lines[^10..].Select(l => l.GetRawText()), late.Lines.Select(l => l.GetRawText()));
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }

            await TerminalContainers.RemoveAsync(fixture.AliceClient, id);
        }
    }

    [Fact]
    public async Task Follow_MessageShape_IsLinesWithSequenceTimestampStreamText()
    {
        await using var client = await LogsHubClient.ConnectAsync(Server, fixture.AliceToken);

        var batch = await client.FollowAsync(fixture.PrintedContainerId, tail: 3);

        Assert.Equal(["lines", "missed"], batch.EnumerateObject().Select(p => p.Name));
        var line = batch.GetProperty("lines")[0];
        Assert.Equal(["sequence", "timestamp", "stream", "text"], line.EnumerateObject().Select(p => p.Name));
        Assert.Equal(LogContainers.Numbered("printed", LogsFixture.PrintedLines, LogsFixture.PrintedLines - 3), client.Texts);
    }

    [Fact]
    public async Task Follow_AnotherMembersContainer_IsNotFound()
    {
        await using var bob = await LogsHubClient.ConnectAsync(Server, fixture.BobToken);

        var error = await Assert.ThrowsAsync<HubException>(() => bob.FollowAsync(fixture.PrintedContainerId, tail: 10));

        Assert.Contains($"There is no container '{fixture.PrintedContainerId}' of yours.", error.Message, StringComparison.Ordinal);
        Assert.Empty(bob.Lines);
    }

    [Fact]
    public async Task Follow_UnknownContainerOrBadTail_IsAnError()
    {
        await using var alice = await LogsHubClient.ConnectAsync(Server, fixture.AliceToken);

        var unknown = await Assert.ThrowsAsync<HubException>(() => alice.FollowAsync("no-such-container", tail: 10));
        var badTail = await Assert.ThrowsAsync<HubException>(() => alice.FollowAsync(fixture.PrintedContainerId, tail: -1));

        Assert.Contains("There is no container 'no-such-container' of yours.", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("tail must be between 0 and 10000", badTail.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_Anonymous_IsRefused()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, await LogsHubClient.RefusedStatusAsync(Server, token: null));
        Assert.Equal(HttpStatusCode.Unauthorized, await LogsHubClient.RefusedStatusAsync(Server, token: "ptl_not-a-real-token"));
    }

    [Fact]
    public async Task Connect_TokenInQueryString_WorksForHubsOnly()
    {
        // Browsers cannot put headers on a WebSocket; SignalR's JavaScript client sends ?access_token= instead.
        await using var client = await LogsHubClient.ConnectAsync(
            Server,
            token: null,
            path: $"/hubs/logs?access_token={Uri.EscapeDataString(fixture.AliceToken)}");
        await client.FollowAsync(fixture.PrintedContainerId, tail: 1);
        Assert.Equal([$"printed-{LogsFixture.PrintedLines - 1}"], client.Texts);

        using var anonymous = fixture.Factory.CreateTcpClient();
        using var api = await anonymous.GetAsync(new Uri($"/api/v1/me?access_token={Uri.EscapeDataString(fixture.AliceToken)}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }

    [Fact]
    public async Task Connect_BrowserCookie_SameOriginWorksAndForeignOriginIsRefused()
    {
        var cookies = await BrowserSignIn.SignInAsync(fixture.Factory, fixture.Alice, ApiClientExtensions.MemberPassword);
        var origin = $"{Server.Scheme}://{Server.Authority}";

        // The cross-site hijack: the browser sends the cookie along, so only the Origin tells it apart.
        var hijack = await LogsHubClient.RefusedStatusAsync(Server, token: null, options =>
        {
            options.Cookies = cookies;
            options.Headers["Origin"] = "https://evil.example";
        });
        Assert.Equal(HttpStatusCode.Forbidden, hijack);

        await using var browser = await LogsHubClient.ConnectAsync(Server, token: null, options =>
        {
            options.Cookies = cookies;
            options.Headers["Origin"] = origin;
        });
        await browser.FollowAsync(fixture.PrintedContainerId, tail: 2);
        Assert.Equal(LogContainers.Numbered("printed", LogsFixture.PrintedLines, LogsFixture.PrintedLines - 2), browser.Texts);
    }

    [Fact]
    public async Task Follow_AdminOnAMembersContainer_IsAllowedAndAudited()
    {
        await using var admin = await LogsHubClient.ConnectAsync(Server, fixture.AdminToken);

        await admin.FollowAsync(fixture.PrintedContainerId, tail: 1);

        Assert.Equal([$"printed-{LogsFixture.PrintedLines - 1}"], admin.Texts);
        var audit = fixture.Factory.Services.GetRequiredService<IAuditLog>();
        var page = await audit.QueryAsync(new AuditQuery { Actor = PortalAppFactory.AdminUserName, Action = "logs.read", Target = $"{fixture.Alice}/{fixture.PrintedContainerName}" }, TestTimeout.Token());
        var entry = Assert.Single(page.Entries, e => e.Detail!.StartsWith("live;", StringComparison.Ordinal));
        Assert.Equal(AuditOutcome.Succeeded, entry.Outcome);
        Assert.Contains($"as admin on {fixture.Alice}'s container", entry.Detail, StringComparison.Ordinal);
    }
}
