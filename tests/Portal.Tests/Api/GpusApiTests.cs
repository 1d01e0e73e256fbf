using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Networks;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Api;

/// <summary><c>GET /api/v1/gpus</c> on a portal with eight captured GPUs, against the real Docker engine.</summary>
public sealed class GpusApiTests(GpuPortalAppFactory factory) : IClassFixture<GpuPortalAppFactory>
{
    [Fact]
    public async Task GetGpus_FileSource_ListsEightGpusWithReadings()
    {
        await factory.WaitUntilReadyAsync();
        var member = await factory.CreateUserAsync("gpus");
        using var client = await factory.CreateBearerClientAsync(member, ApiClientExtensions.MemberPassword);

        using var response = await client.GetAsync(new Uri("/api/v1/gpus", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var board = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(JsonValueKind.Null, board.GetProperty("error").ValueKind);
        Assert.Equal(GpuPortalAppFactory.GpuCount, board.GetProperty("total").GetInt32());
        var gpus = board.GetProperty("gpus").EnumerateArray().ToList();
        Assert.Equal(GpuPortalAppFactory.GpuCount, gpus.Count);
        Assert.Equal(Enumerable.Range(0, 8), gpus.Select(g => g.GetProperty("index").GetInt32()));
        Assert.All(gpus, gpu =>
        {
            Assert.Equal(GpuPortalAppFactory.GpuName, gpu.GetProperty("name").GetString());
            Assert.StartsWith("GPU-", gpu.GetProperty("uuid").GetString(), StringComparison.Ordinal);
            Assert.Equal(gpu.GetProperty("uuid").GetString(), gpu.GetProperty("deviceId").GetString());
            Assert.InRange(gpu.GetProperty("memoryTotalMiB").GetInt64(), 32000, 33000);
            Assert.Equal(JsonValueKind.Number, gpu.GetProperty("temperatureCelsius").ValueKind);
            Assert.Equal(JsonValueKind.Number, gpu.GetProperty("powerDrawWatts").ValueKind);
        });
        Assert.Equal(8, gpus.Select(g => g.GetProperty("uuid").GetString()).Distinct().Count());
        Assert.True(board.TryGetProperty("readAt", out _));
    }

    [Fact]
    public async Task GetGpus_AfterLaunchWithOneGpu_NamesTheHolder()
    {
        await factory.WaitUntilReadyAsync();
        var member = await factory.CreateUserAsync("holder");
        using var client = await factory.CreateBearerClientAsync(member, ApiClientExtensions.MemberPassword);
        var name = "gpu-" + Guid.NewGuid().ToString("N")[..8];
        string? containerId = null;
        try
        {
            using var launched = await client.PostAsJsonAsync(
                new Uri("/api/v1/containers", UriKind.Relative),
                new { name, image = "portal/shell:latest", command = new[] { "sleep", "600" }, gpus = 1 });
            var container = await launched.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(launched.StatusCode == HttpStatusCode.Created, container.ToString());
            containerId = container.GetProperty("id").GetString();
            var uuid = Assert.Single(container.GetProperty("gpus").EnumerateArray()).GetString();

            using var response = await client.GetAsync(new Uri("/api/v1/gpus", UriKind.Relative));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var board = await response.Content.ReadFromJsonAsync<JsonElement>();
            var gpu = board.GetProperty("gpus").EnumerateArray().Single(g => g.GetProperty("uuid").GetString() == uuid);
            var holder = gpu.GetProperty("holder");
            Assert.Equal(member, holder.GetProperty("user").GetString());
            Assert.Equal(name, holder.GetProperty("container").GetString());
            Assert.True(board.GetProperty("held").GetInt32() >= 1);
        }
        finally
        {
            if (containerId is not null)
            {
                using var removed = await client.DeleteAsync(new Uri($"/api/v1/containers/{containerId}", UriKind.Relative));
                Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
            }

            // The member's own bridge network goes with their last container.
            var networks = factory.Services.GetRequiredService<INetworkOperations>();
            await networks.RemoveIfUnusedAsync(networks.NetworkNameFor(member), TestTimeout.Token()).WithTimeout();
        }
    }

    [Fact]
    public async Task GetGpus_Anonymous_Returns401()
    {
        using var client = factory.CreateApiClient();

        using var response = await client.GetAsync(new Uri("/api/v1/gpus", UriKind.Relative));

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }
}
