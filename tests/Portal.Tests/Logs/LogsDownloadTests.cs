using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Audit;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Logs;

/// <summary><c>GET /api/v1/containers/{id}/logs</c>: the whole log as a text download, on the real engine.</summary>
public sealed class LogsDownloadTests(LogsFixture fixture) : IClassFixture<LogsFixture>
{
    private Uri LogsOf(string id, string query = "") => new($"/api/v1/containers/{id}/logs{query}", UriKind.Relative);

    private static string[] LinesOf(string text) => text.Split('\n')[..^1];

    [Fact]
    public async Task Download_OwnContainer_IsTheWholeLogAsAnAttachment()
    {
        using var response = await fixture.AliceClient.GetAsync(LogsOf(fixture.PrintedContainerId));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal($"{fixture.PrintedContainerName}.log", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var text = await response.Content.ReadAsStringAsync();
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        Assert.Equal(LogContainers.Numbered("printed", LogsFixture.PrintedLines), LinesOf(text));
    }

    [Fact]
    public async Task Download_WithTimestampsAndTail_PrefixesTimesAndKeepsTheLastLines()
    {
        using var response = await fixture.AliceClient.GetAsync(LogsOf(fixture.PrintedContainerId, "?timestamps=true&tail=3"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var lines = LinesOf(await response.Content.ReadAsStringAsync());
        Assert.Equal(3, lines.Length);
        for (var i = 0; i < 3; i++)
        {
            var parts = lines[i].Split(' ', 2);
            Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$", parts[0]);
            Assert.InRange(DateTimeOffset.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.UtcNow.AddMinutes(-10), DateTimeOffset.UtcNow.AddMinutes(1));
            Assert.Equal($"printed-{LogsFixture.PrintedLines - 3 + i}", parts[1]);
        }

        using var none = await fixture.AliceClient.GetAsync(LogsOf(fixture.PrintedContainerId, "?tail=0"));
        Assert.Equal(string.Empty, await none.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Download_BadTail_IsAProblem()
    {
        using var response = await fixture.AliceClient.GetAsync(LogsOf(fixture.PrintedContainerId, "?tail=-1"));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-request");
        Assert.True(problem.GetProperty("errors").TryGetProperty("tail", out _));
    }

    [Fact]
    public async Task Download_AnotherMembersOrUnknownContainer_IsNotFound()
    {
        using var bob = fixture.Factory.CreateTcpClient(fixture.BobToken);

        using var theirs = await bob.GetAsync(LogsOf(fixture.PrintedContainerId));
        using var unknown = await fixture.AliceClient.GetAsync(LogsOf("no-such-container"));

        var problem = await theirs.AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        Assert.Equal($"There is no container '{fixture.PrintedContainerId}' of yours.", problem.GetProperty("detail").GetString());
        await unknown.AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Download_Anonymous_IsUnauthorized()
    {
        using var anonymous = fixture.Factory.CreateTcpClient();

        using var response = await anonymous.GetAsync(LogsOf(fixture.PrintedContainerId));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Download_AdminOnAMembersContainer_IsAllowedAndAudited()
    {
        using var admin = fixture.Factory.CreateTcpClient(fixture.AdminToken);

        using var response = await admin.GetAsync(LogsOf(fixture.PrintedContainerId, "?tail=1"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"printed-{LogsFixture.PrintedLines - 1}\n", await response.Content.ReadAsStringAsync());
        var audit = fixture.Factory.Services.GetRequiredService<IAuditLog>();
        var page = await audit.QueryAsync(new AuditQuery { Actor = PortalAppFactory.AdminUserName, Action = "logs.read" }, TestTimeout.Token());
        Assert.Contains(page.Entries, e => e.Target == $"{fixture.Alice}/{fixture.PrintedContainerName}" && e.Detail!.StartsWith("download;", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OpenApi_DescribesTheDownload()
    {
        using var client = fixture.Factory.CreateTcpClient();

        var document = await client.GetFromJsonAsync<JsonElement>(new Uri("/openapi/v1.json", UriKind.Relative));

        var download = document.GetProperty("paths").GetProperty("/api/v1/containers/{id}/logs").GetProperty("get");
        var parameters = download.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Contains("timestamps", parameters);
        Assert.Contains("tail", parameters);
        Assert.True(download.GetProperty("responses").GetProperty("200").GetProperty("content").TryGetProperty("text/plain", out _));
        Assert.True(download.GetProperty("responses").TryGetProperty("404", out _));
    }
}
