using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Disk;
using Portal.Engine.Tests.Integration;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Api;

/// <summary><c>/api/v1/disk</c> on the real portal: real background passes over the real engine and a real workspace folder.</summary>
public sealed class DiskApiTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task GetDisk_Member_SeesOwnUsageMeasuredByARealPassAndNoSystem()
    {
        var member = await factory.CreateUserAsync("disk");
        var workspace = Path.Combine(factory.DataDirectory, "workspaces", member);
        Directory.CreateDirectory(workspace);
        await File.WriteAllBytesAsync(Path.Combine(workspace, "weights.bin"), new byte[654_321]);
        using var client = await factory.CreateBearerClientAsync(member, ApiClientExtensions.MemberPassword);
        var before = (await client.GetFromJsonAsync<JsonElement>("/api/v1/disk")).GetProperty("completedPasses").GetInt64();

        using var refresh = await client.PostAsync("/api/v1/disk/refresh", null);

        Assert.Equal(HttpStatusCode.Accepted, refresh.StatusCode);
        Assert.Equal("/api/v1/disk", refresh.Headers.Location?.ToString());
        Assert.True((await refresh.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("refreshing").GetBoolean());
        var disk = await PollAsync(client, d => d.GetProperty("completedPasses").GetInt64() > before && !d.GetProperty("refreshing").GetBoolean());
        Assert.Equal(member, disk.GetProperty("userName").GetString());
        Assert.Equal(JsonValueKind.Null, disk.GetProperty("error").ValueKind);
        Assert.True(disk.GetProperty("measuredAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));
        Assert.True(disk.GetProperty("ageSeconds").GetDouble() >= 0);
        Assert.True(disk.GetProperty("lastPassDurationMs").GetDouble() > 0);
        var usage = disk.GetProperty("usage");
        Assert.Equal(654_321, usage.GetProperty("workspaceBytes").GetInt64());
        Assert.Equal(654_321, usage.GetProperty("totalBytes").GetInt64());
        Assert.Equal(0, usage.GetProperty("containers").GetInt32());
        var quota = disk.GetProperty("quota");
        Assert.Equal(0, quota.GetProperty("maxDiskGiB").GetDouble());
        Assert.Equal("unlimited", quota.GetProperty("level").GetString());
        var item = Assert.Single(disk.GetProperty("largest").EnumerateArray());
        Assert.Equal(("workspace", member, member, 654_321L), (item.GetProperty("kind").GetString(), item.GetProperty("name").GetString(), item.GetProperty("owner").GetString(), item.GetProperty("bytes").GetInt64()));
        Assert.Equal(JsonValueKind.Null, disk.GetProperty("system").ValueKind);
    }

    [Fact]
    public async Task GetDisk_Admin_AlsoGetsTheSystemEveryUserAndTheLargestOfAll()
    {
        var member = await factory.CreateUserAsync("disk-all");
        await factory.Services.GetRequiredService<IDiskUsage>().RefreshAsync(TestTimeout.Token()).WithTimeout();
        using var admin = await AdminAsync();

        var disk = await admin.GetFromJsonAsync<JsonElement>("/api/v1/disk");

        Assert.Equal(PortalAppFactory.AdminUserName, disk.GetProperty("userName").GetString());
        var system = disk.GetProperty("system");
        Assert.Equal(
            ["image", "container", "volume", "build-cache", "logs", "workspace"],
            system.GetProperty("totals").EnumerateArray().Select(t => t.GetProperty("kind").GetString()));
        var images = system.GetProperty("totals")[0];
        Assert.True(images.GetProperty("count").GetInt32() >= 2, "portal/shell and portal/python are on the engine");
        Assert.True(images.GetProperty("bytes").GetInt64() > 0);
        Assert.Contains(system.GetProperty("fileSystems").EnumerateArray(), f => f.GetProperty("label").GetString() == "Workspaces" && f.GetProperty("freeBytes").GetInt64() > 0);
        var users = system.GetProperty("users").EnumerateArray().Select(u => u.GetProperty("userName").GetString()).ToList();
        Assert.Contains(PortalAppFactory.AdminUserName, users);
        Assert.Contains(member, users);
        Assert.Contains(system.GetProperty("largest").EnumerateArray(), i => i.GetProperty("name").GetString() == "portal/python:latest" && i.GetProperty("owner").ValueKind == JsonValueKind.Null);

        var mine = await admin.GetFromJsonAsync<JsonElement>("/api/v1/disk?scope=mine");
        Assert.Equal(JsonValueKind.Null, mine.GetProperty("system").ValueKind);
    }

    [Fact]
    public async Task GetDisk_MemberAsksForAll_Returns403()
    {
        var member = await factory.CreateUserAsync("disk-nosy");
        using var client = await factory.CreateBearerClientAsync(member, ApiClientExtensions.MemberPassword);

        using var response = await client.GetAsync("/api/v1/disk?scope=all");

        await response.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task GetDisk_UnknownScope_Returns400()
    {
        using var admin = await AdminAsync();

        using var response = await admin.GetAsync("/api/v1/disk?scope=everything");

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-request");
        Assert.True(problem.GetProperty("errors").TryGetProperty("scope", out _));
    }

    [Fact]
    public async Task Disk_Anonymous_Returns401()
    {
        using var client = factory.CreateApiClient();

        using var get = await client.GetAsync("/api/v1/disk");
        using var refresh = await client.PostAsync("/api/v1/disk/refresh", null);

        await get.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        await refresh.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task GetDisk_QuotaOverride_ShowsTheQuotaAndTheLevel()
    {
        var member = await factory.CreateUserAsync("disk-quota");
        var workspace = Path.Combine(factory.DataDirectory, "workspaces", member);
        Directory.CreateDirectory(workspace);
        // 95 % of a 1 MiB quota.
        await File.WriteAllBytesAsync(Path.Combine(workspace, "data.bin"), new byte[996_148]);
        using var admin = await AdminAsync();
        using var put = await admin.PutAsJsonAsync($"/api/v1/users/{member}/quota", new { maxDiskGiB = 1.0 / 1024 });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        await factory.Services.GetRequiredService<IDiskUsage>().RefreshAsync(TestTimeout.Token()).WithTimeout();
        using var client = await factory.CreateBearerClientAsync(member, ApiClientExtensions.MemberPassword);

        var quota = (await client.GetFromJsonAsync<JsonElement>("/api/v1/disk")).GetProperty("quota");

        Assert.Equal(1.0 / 1024, quota.GetProperty("maxDiskGiB").GetDouble());
        Assert.Equal(1024 * 1024, quota.GetProperty("quotaBytes").GetInt64());
        Assert.Equal(95, quota.GetProperty("usedPercent").GetDouble(), 1);
        Assert.Equal("warning", quota.GetProperty("level").GetString());
    }

    [Fact]
    public async Task OpenApi_DescribesTheDiskEndpoints()
    {
        using var client = factory.CreateApiClient();

        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var paths = document.GetProperty("paths");
        Assert.True(paths.GetProperty("/api/v1/disk").TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/api/v1/disk/refresh").TryGetProperty("post", out _));
    }

    private static Task<JsonElement> PollAsync(HttpClient client, Func<JsonElement, bool> done) =>
        Poll.UntilAsync(() => client.GetFromJsonAsync<JsonElement>("/api/v1/disk"), done, TestTimeout.Default, "GET /api/v1/disk showing the pass", CancellationToken.None);

    private Task<HttpClient> AdminAsync() => factory.CreateBearerClientAsync(PortalAppFactory.AdminUserName, PortalAppFactory.AdminPassword);
}
