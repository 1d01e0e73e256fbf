using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Portal.Tests.Infrastructure;
using Portal.Tests.Terminals;

namespace Portal.Tests.Api;

/// <summary><c>GET /api/v1/containers/{id}/stats</c> on the real portal and Docker engine, with eight captured GPUs.</summary>
public sealed class ContainerStatsApiTests(GpuPortalAppFactory factory) : IClassFixture<GpuPortalAppFactory>
{
    [Fact]
    public async Task GetStats_OwnersRunningContainer_ReturnsFiguresHistoryAndGpus()
    {
        await factory.WaitUntilReadyAsync();
        var owner = await factory.CreateUserAsync("stats-owner");
        using var client = await factory.CreateBearerClientAsync(owner, ApiClientExtensions.MemberPassword);
        var id = await LaunchAsync(client, gpus: 1);
        try
        {
            using var response = await client.GetAsync(new Uri($"/api/v1/containers/{id}/stats", UriKind.Relative));

            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToString());
            Assert.Equal(id, body.GetProperty("containerId").GetString());
            Assert.Equal("running", body.GetProperty("state").GetString());
            var current = body.GetProperty("current");
            Assert.Equal(JsonValueKind.Number, current.GetProperty("cpuPercent").ValueKind);
            Assert.True(current.GetProperty("memoryUsedBytes").GetInt64() > 0);
            Assert.True(current.GetProperty("memoryLimitBytes").GetInt64() > 0);
            Assert.True(current.GetProperty("onlineCpus").GetInt32() >= 1);
            var history = body.GetProperty("history").EnumerateArray().ToList();
            Assert.True(history.Count >= 2, body.ToString());
            Assert.Equal(current.GetProperty("readAt").GetDateTimeOffset(), history[^1].GetProperty("readAt").GetDateTimeOffset());
            var gpu = Assert.Single(body.GetProperty("gpus").EnumerateArray());
            Assert.True(gpu.GetProperty("leased").GetBoolean());
            Assert.Equal(GpuPortalAppFactory.GpuName, gpu.GetProperty("name").GetString());
            Assert.Equal(0, gpu.GetProperty("containerMemoryMiB").GetInt64());

            // A second read finds the stream still open (it lingers) and more history.
            using var again = await client.GetAsync(new Uri($"/api/v1/containers/{id}/stats", UriKind.Relative));
            var later = await again.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(later.GetProperty("history").GetArrayLength() >= history.Count);
        }
        finally
        {
            await TerminalContainers.RemoveAsync(client, id);
        }
    }

    [Fact]
    public async Task GetStats_AnotherMembersContainer_NotFoundProblem()
    {
        await factory.WaitUntilReadyAsync();
        var owner = await factory.CreateUserAsync("stats-owner");
        using var ownerClient = await factory.CreateBearerClientAsync(owner, ApiClientExtensions.MemberPassword);
        var other = await factory.CreateUserAsync("stats-other");
        using var otherClient = await factory.CreateBearerClientAsync(other, ApiClientExtensions.MemberPassword);
        var id = await LaunchAsync(ownerClient, gpus: 0);
        try
        {
            using var response = await otherClient.GetAsync(new Uri($"/api/v1/containers/{id}/stats", UriKind.Relative));

            var problem = await response.AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
            Assert.Contains(id, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            await TerminalContainers.RemoveAsync(ownerClient, id);
        }
    }

    [Fact]
    public async Task GetStats_Anonymous_Unauthorized()
    {
        using var client = factory.CreateApiClient();

        using var response = await client.GetAsync(new Uri("/api/v1/containers/0123456789ab/stats", UriKind.Relative));

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task OpenApi_DescribesTheStatsEndpoint()
    {
        using var client = factory.CreateApiClient();

        using var response = await client.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));

        var document = await response.Content.ReadFromJsonAsync<JsonElement>();
        var stats = document.GetProperty("paths").GetProperty("/api/v1/containers/{id}/stats");
        var get = stats.GetProperty("get");
        Assert.True(get.GetProperty("responses").TryGetProperty("200", out _));
        Assert.True(get.GetProperty("responses").TryGetProperty("404", out _));
        Assert.True(document.GetProperty("components").GetProperty("schemas").TryGetProperty("ContainerStatsResponse", out _));
    }

    private static async Task<string> LaunchAsync(HttpClient client, int gpus)
    {
        using var response = await client.PostAsJsonAsync(
            new Uri("/api/v1/containers", UriKind.Relative),
            new { name = "stats-" + Guid.NewGuid().ToString("N")[..8], image = TerminalContainers.Shell, command = TerminalContainers.StoppableSleep, gpus });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToString());
        return body.GetProperty("id").GetString()!;
    }
}
