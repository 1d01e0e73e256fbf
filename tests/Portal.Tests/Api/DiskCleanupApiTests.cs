using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Portal.Data.Entities;
using Portal.Tests.Disk;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Api;

/// <summary>
/// <c>/api/v1/disk/cleanup</c> and <c>/api/v1/images/protected</c> on the real engine: previews, confirmed runs,
/// refusals as problem details, the admin's schedule and the protected images.
/// </summary>
public sealed class DiskCleanupApiTests(GpuPortalAppFactory factory) : IClassFixture<GpuPortalAppFactory>
{
    [Fact]
    public async Task DryRun_MemberWithAStoppedContainer_ListsExactlyItWithItsBytes()
    {
        using var member = await MemberAsync();
        var id = await CleanupContainers.StoppedAsync(member, "finished");
        try
        {
            await AssertPreviewAsync(member, id);
        }
        finally
        {
            await CleanupContainers.RemoveAsync(member, id);
        }
    }

    private static async Task AssertPreviewAsync(HttpClient member, string id)
    {
        // No dryRun member: a preview is the default.
        using var response = await member.PostAsJsonAsync("/api/v1/disk/cleanup", new { targets = new[] { "stopped-containers" }, olderThanDays = 0, scope = "mine" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var plan = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(plan.GetProperty("dryRun").GetBoolean());
        var item = Assert.Single(plan.GetProperty("items").EnumerateArray());
        Assert.Equal("container:" + id, item.GetProperty("id").GetString());
        Assert.Equal("container", item.GetProperty("kind").GetString());
        Assert.Equal("finished", item.GetProperty("name").GetString());
        Assert.Equal(0, item.GetProperty("ageDays").GetInt32());
        Assert.StartsWith("stopped ", item.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.True(item.GetProperty("bytes").GetInt64() >= 50_000);
        Assert.Equal(item.GetProperty("bytes").GetInt64(), plan.GetProperty("totalBytes").GetInt64());
        Assert.Contains(plan.GetProperty("dockerCommands").EnumerateArray(), c => c.GetString()!.StartsWith("docker container prune", StringComparison.Ordinal));
        Assert.Equal(JsonValueKind.Null, plan.GetProperty("reclaimedBytes").ValueKind);

        using var stillThere = await member.GetAsync($"/api/v1/containers/{id}");
        Assert.Equal(HttpStatusCode.OK, stillThere.StatusCode);
    }

    [Fact]
    public async Task Execute_ConfirmedPreview_RemovesTheContainerAndReportsReclaimedBytes()
    {
        using var member = await MemberAsync();
        var id = await CleanupContainers.StoppedAsync(member, "done");
        try
        {
            await AssertRunAsync(member, id);
        }
        finally
        {
            await CleanupContainers.RemoveAsync(member, id);
        }
    }

    private static async Task AssertRunAsync(HttpClient member, string id)
    {
        var targets = new[] { "stopped-containers" };
        using var preview = await member.PostAsJsonAsync("/api/v1/disk/cleanup", new { dryRun = true, targets, olderThanDays = 0, scope = "mine" });
        var items = (await preview.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()).ToList();

        using var response = await member.PostAsJsonAsync("/api/v1/disk/cleanup", new { dryRun = false, targets, olderThanDays = 0, scope = "mine", items });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(result.GetProperty("dryRun").GetBoolean());
        var removed = Assert.Single(result.GetProperty("removed").EnumerateArray());
        Assert.Equal("container:" + id, removed.GetProperty("id").GetString());
        Assert.True(result.GetProperty("reclaimedBytes").GetInt64() >= 50_000);
        Assert.Empty(result.GetProperty("skipped").EnumerateArray());
        Assert.Empty(result.GetProperty("failed").EnumerateArray());
        using var gone = await member.GetAsync($"/api/v1/containers/{id}");
        await gone.AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Execute_WithoutItems_Returns400NamingItems()
    {
        using var member = await MemberAsync();

        using var response = await member.PostAsJsonAsync("/api/v1/disk/cleanup", new { dryRun = false, targets = new[] { "stopped-containers" }, olderThanDays = 0 });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-request");
        Assert.True(problem.GetProperty("errors").TryGetProperty("items", out _), problem.ToString());
    }

    [Theory]
    [InlineData("""{"targets":["logs"]}""", "targets")]
    [InlineData("""{"targets":[]}""", "targets")]
    [InlineData("""{"targets":["build-cache"],"olderThanDays":-1}""", "olderThanDays")]
    [InlineData("""{"targets":["build-cache"],"scope":"everyone"}""", "scope")]
    public async Task Cleanup_InvalidRequest_Returns400WithTheField(string body, string field)
    {
        using var member = await MemberAsync();

        using var response = await member.PostAsync("/api/v1/disk/cleanup", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-request");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task ScopeAll_Member_Returns403ForPreviewAndRun()
    {
        using var member = await MemberAsync();

        using var preview = await member.PostAsJsonAsync("/api/v1/disk/cleanup", new { targets = new[] { "dangling-images" }, scope = "all" });
        using var run = await member.PostAsJsonAsync("/api/v1/disk/cleanup", new { dryRun = false, targets = new[] { "dangling-images" }, scope = "all", items = new[] { "image:sha256:0" } });

        var problem = await preview.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Contains("Only admins", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await run.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task ScopeAll_Admin_PreviewsEveryonesThingsWithOwnersAndTheBuildCache()
    {
        using var member = await MemberAsync();
        var id = await CleanupContainers.StoppedAsync(member, "someones");
        try
        {
            using var admin = await factory.CreateBearerClientAsync(PortalAppFactory.AdminUserName, PortalAppFactory.AdminPassword);

            using var response = await admin.PostAsJsonAsync("/api/v1/disk/cleanup", new { targets = new[] { "stopped-containers", "build-cache" }, scope = "all" });

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var items = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray().ToList();
            Assert.Contains(items, i => i.GetProperty("id").GetString() == "container:" + id && i.GetProperty("owner").GetString() != PortalAppFactory.AdminUserName);
            Assert.Contains(items, i => i.GetProperty("id").GetString() == "build-cache" && i.GetProperty("owner").ValueKind == JsonValueKind.Null);
        }
        finally
        {
            await CleanupContainers.RemoveAsync(member, id);
        }
    }

    [Fact]
    public async Task Schedule_Member_Returns403()
    {
        using var member = await MemberAsync();

        using var read = await member.GetAsync("/api/v1/disk/cleanup/schedule");
        using var write = await member.PutAsJsonAsync("/api/v1/disk/cleanup/schedule", new { enabled = true });

        await read.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await write.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Schedule_AdminSetsInvalidCron_Returns400WithAClearMessage()
    {
        using var admin = await factory.CreateBearerClientAsync(PortalAppFactory.AdminUserName, PortalAppFactory.AdminPassword);

        using var response = await admin.PutAsJsonAsync("/api/v1/disk/cleanup/schedule", new { cron = "every night" });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-request");
        var message = problem.GetProperty("errors").GetProperty("cron")[0].GetString();
        Assert.StartsWith("'every night' is not a valid cron expression", message, StringComparison.Ordinal);
        Assert.Contains("e.g. '0 3 * * *'", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Schedule_AdminSavesAPolicy_ReturnsNextRunsAndAPreview()
    {
        using var admin = await factory.CreateBearerClientAsync(PortalAppFactory.AdminUserName, PortalAppFactory.AdminPassword);

        // Yearly, and only the build cache: this portal shares the engine with other tests.
        using var response = await admin.PutAsJsonAsync("/api/v1/disk/cleanup/schedule", new
        {
            enabled = true,
            cron = "0 3 1 1 *",
            targets = new[] { "build-cache" },
            olderThanDays = 14,
            noticeDays = 2,
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var schedule = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(schedule.GetProperty("enabled").GetBoolean());
        Assert.Equal("0 3 1 1 *", schedule.GetProperty("cron").GetString());
        Assert.Equal(["build-cache"], schedule.GetProperty("targets").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(14, schedule.GetProperty("olderThanDays").GetInt32());
        Assert.Equal(2, schedule.GetProperty("noticeDays").GetInt32());
        var runs = schedule.GetProperty("nextRuns").EnumerateArray().Select(r => r.GetDateTimeOffset()).ToList();
        Assert.Equal(3, runs.Count);
        Assert.All(runs, r => Assert.Equal((1, 1, 3, 0), (r.Month, r.Day, r.Hour, r.Minute)));
        Assert.Equal(runs[0], schedule.GetProperty("nextRun").GetDateTimeOffset());
        Assert.Equal(PortalAppFactory.AdminUserName, schedule.GetProperty("updatedBy").GetString());
        var preview = schedule.GetProperty("preview");
        Assert.Equal(runs[0], preview.GetProperty("runAt").GetDateTimeOffset());
        Assert.Equal("build-cache", Assert.Single(preview.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());

        using var read = await admin.GetAsync("/api/v1/disk/cleanup/schedule");
        Assert.Equal("0 3 1 1 *", (await read.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("cron").GetString());
    }

    [Fact]
    public async Task Notices_Member_Returns200WithAList()
    {
        using var member = await MemberAsync();

        using var response = await member.GetAsync("/api/v1/disk/cleanup/notices");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(JsonValueKind.Array, (await response.Content.ReadFromJsonAsync<JsonElement>()).ValueKind);
    }

    [Fact]
    public async Task ProtectedImages_AdminProtectsListsAndLiftsAReference()
    {
        using var admin = await factory.CreateBearerClientAsync(PortalAppFactory.AdminUserName, PortalAppFactory.AdminPassword);
        var repository = $"lab/keep-{Guid.NewGuid():N}"[..20];

        using var added = await admin.PostAsync($"/api/v1/images/protected/{repository}", content: null);
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        Assert.Equal($"{repository}:latest", (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reference").GetString());

        var list = await admin.GetFromJsonAsync<JsonElement>("/api/v1/images/protected");
        var entry = Assert.Single(list.EnumerateArray(), e => e.GetProperty("reference").GetString() == $"{repository}:latest");
        Assert.Equal(PortalAppFactory.AdminUserName, entry.GetProperty("protectedBy").GetString());

        using var lifted = await admin.DeleteAsync($"/api/v1/images/protected/{repository}:latest");
        Assert.Equal(HttpStatusCode.NoContent, lifted.StatusCode);
        using var again = await admin.DeleteAsync($"/api/v1/images/protected/{repository}:latest");
        await again.AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task ProtectedImages_NotAnImageName_Returns400_AndMembersAreRefused()
    {
        using var admin = await factory.CreateBearerClientAsync(PortalAppFactory.AdminUserName, PortalAppFactory.AdminPassword);
        using var member = await MemberAsync();

        using var invalid = await admin.PostAsync("/api/v1/images/protected/Not%20An%20Image", content: null);
        using var refused = await member.PostAsync("/api/v1/images/protected/portal/python:latest", content: null);

        var problem = await invalid.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-request");
        Assert.True(problem.GetProperty("errors").TryGetProperty("reference", out _));
        await refused.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task OpenApiDocument_ListsTheCleanupEndpoints()
    {
        using var client = factory.CreateApiClient();

        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/disk/cleanup", out var cleanup));
        Assert.True(cleanup.TryGetProperty("post", out _));
        Assert.True(paths.TryGetProperty("/api/v1/disk/cleanup/schedule", out _));
        Assert.True(paths.TryGetProperty("/api/v1/disk/cleanup/notices", out _));
    }

    private async Task<HttpClient> MemberAsync()
    {
        await factory.WaitUntilReadyAsync();
        var name = await factory.CreateUserAsync("cleaner", PortalRoles.Member);
        return await factory.CreateBearerClientAsync(name, ApiClientExtensions.MemberPassword);
    }
}
