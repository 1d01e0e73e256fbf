using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Quotas;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Api;

/// <summary><c>/api/v1/users/{userName}/quota</c>: admins override a member's limits, and launches see the new ones.</summary>
public sealed class QuotasApiTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task GetQuota_NoOverride_ShowsTheDefaultsInForce()
    {
        var member = await factory.CreateUserAsync();
        using var admin = await AdminAsync();

        using var response = await admin.GetAsync($"/api/v1/users/{member}/quota");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var quota = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(member, quota.GetProperty("userName").GetString());
        Assert.Equal(JsonValueKind.Null, quota.GetProperty("override").ValueKind);
        Assert.Equal(quota.GetProperty("defaults").ToString(), quota.GetProperty("effective").ToString());
        Assert.Equal(DefaultMaxGpus, quota.GetProperty("effective").GetProperty("maxGpus").GetInt32());
    }

    [Fact]
    public async Task PutQuota_MaxGpus_ChangesTheMembersEffectiveLimits()
    {
        var member = await factory.CreateUserAsync();
        using var admin = await AdminAsync();

        using var response = await admin.PutAsJsonAsync($"/api/v1/users/{member}/quota", new { maxGpus = 4, maxCpusPerContainer = 2.5 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var quota = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(4, quota.GetProperty("effective").GetProperty("maxGpus").GetInt32());
        Assert.Equal(2.5, quota.GetProperty("effective").GetProperty("maxCpusPerContainer").GetDouble());
        Assert.Equal(quota.GetProperty("defaults").GetProperty("maxContainers").GetInt32(), quota.GetProperty("effective").GetProperty("maxContainers").GetInt32());
        var value = quota.GetProperty("override");
        Assert.Equal(4, value.GetProperty("maxGpus").GetInt32());
        Assert.Equal(JsonValueKind.Null, value.GetProperty("maxContainers").ValueKind);

        using var memberClient = await factory.CreateBearerClientAsync(member, ApiClientExtensions.MemberPassword);
        using var usage = await memberClient.GetAsync("/api/v1/me/usage");
        Assert.Equal(HttpStatusCode.OK, usage.StatusCode);
        var mine = await usage.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(4, mine.GetProperty("maxGpus").GetInt32());
        Assert.Equal(2.5, mine.GetProperty("maxCpusPerContainer").GetDouble());
        Assert.True(mine.GetProperty("quotaOverridden").GetBoolean());
    }

    [Fact]
    public async Task PutQuota_AllNull_ClearsTheOverride()
    {
        var member = await factory.CreateUserAsync();
        using var admin = await AdminAsync();
        using var raised = await admin.PutAsJsonAsync($"/api/v1/users/{member}/quota", new { maxGpus = 6 });
        Assert.Equal(HttpStatusCode.OK, raised.StatusCode);

        using var cleared = await admin.PutAsJsonAsync($"/api/v1/users/{member}/quota", new { maxGpus = (int?)null });

        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        var quota = await cleared.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(JsonValueKind.Null, quota.GetProperty("override").ValueKind);
        Assert.Equal(quota.GetProperty("defaults").ToString(), quota.GetProperty("effective").ToString());
    }

    [Fact]
    public async Task PutQuota_NameInOtherCase_AppliesToTheUser()
    {
        var member = await factory.CreateUserAsync("casey");
        using var admin = await AdminAsync();

        using var response = await admin.PutAsJsonAsync($"/api/v1/users/{member.ToUpperInvariant()}/quota", new { maxGpus = 3 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(member, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("userName").GetString());
        using var memberClient = await factory.CreateBearerClientAsync(member, ApiClientExtensions.MemberPassword);
        var usage = await memberClient.GetFromJsonAsync<JsonElement>("/api/v1/me/usage");
        Assert.Equal(3, usage.GetProperty("maxGpus").GetInt32());
    }

    [Fact]
    public async Task PutQuota_InvalidValues_Returns400WithFieldErrorsAndChangesNothing()
    {
        var member = await factory.CreateUserAsync();
        using var admin = await AdminAsync();

        using var response = await admin.PutAsJsonAsync($"/api/v1/users/{member}/quota", new { maxGpus = -1, maxMemoryMiBPerContainer = 2, maxContainers = 3 });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-request");
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("maxGpus", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("maxMemoryMiBPerContainer", out _), errors.ToString());
        var quota = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/users/{member}/quota");
        Assert.Equal(JsonValueKind.Null, quota.GetProperty("override").ValueKind);
    }

    [Fact]
    public async Task PutQuota_NoBody_Returns400()
    {
        var member = await factory.CreateUserAsync();
        using var admin = await AdminAsync();

        using var response = await admin.PutAsync($"/api/v1/users/{member}/quota", JsonContent.Create<object?>(null));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-request");
    }

    [Fact]
    public async Task Quota_UnknownUser_Returns404()
    {
        using var admin = await AdminAsync();

        using var get = await admin.GetAsync("/api/v1/users/nobody-at-all/quota");
        using var put = await admin.PutAsJsonAsync("/api/v1/users/nobody-at-all/quota", new { maxGpus = 1 });

        await get.AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        await put.AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Quota_Member_Returns403AndChangesNothing()
    {
        var member = await factory.CreateUserAsync();
        using var client = await factory.CreateBearerClientAsync(member, ApiClientExtensions.MemberPassword);

        using var get = await client.GetAsync($"/api/v1/users/{member}/quota");
        using var put = await client.PutAsJsonAsync($"/api/v1/users/{member}/quota", new { maxGpus = 64 });

        await get.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await put.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        var usage = await client.GetFromJsonAsync<JsonElement>("/api/v1/me/usage");
        Assert.Equal(DefaultMaxGpus, usage.GetProperty("maxGpus").GetInt32());
        Assert.False(usage.GetProperty("quotaOverridden").GetBoolean());
    }

    [Fact]
    public async Task PutQuota_IsAuditedWithTheAdminAndTheOutcome()
    {
        var member = await factory.CreateUserAsync();
        using var admin = await AdminAsync();
        using var ok = await admin.PutAsJsonAsync($"/api/v1/users/{member}/quota", new { maxGpus = 5 });
        using var bad = await admin.PutAsJsonAsync($"/api/v1/users/{member}/quota", new { maxGpus = -5 });

        var page = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/audit?action=quota.update&target={member}");

        var entries = page.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(2, page.GetProperty("total").GetInt32());
        Assert.Equal(["refused", "succeeded"], entries.Select(e => e.GetProperty("outcome").GetString()));
        Assert.All(entries, e => Assert.Equal(PortalAppFactory.AdminUserName, e.GetProperty("actor").GetString()));
        Assert.Contains("maxGpus=5", entries[1].GetProperty("detail").GetString());
    }

    [Fact]
    public async Task PutQuota_MaxDiskGiB_RoundTripsAndReachesTheMember()
    {
        var member = await factory.CreateUserAsync("disky");
        using var admin = await AdminAsync();

        using var response = await admin.PutAsJsonAsync($"/api/v1/users/{member}/quota", new { maxDiskGiB = 12.5 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var quota = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(12.5, quota.GetProperty("effective").GetProperty("maxDiskGiB").GetDouble());
        Assert.Equal(12.5, quota.GetProperty("override").GetProperty("maxDiskGiB").GetDouble());
        Assert.Equal(0, quota.GetProperty("defaults").GetProperty("maxDiskGiB").GetDouble());
        Assert.Equal(JsonValueKind.Null, quota.GetProperty("override").GetProperty("maxGpus").ValueKind);
        var again = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/users/{member}/quota");
        Assert.Equal(12.5, again.GetProperty("effective").GetProperty("maxDiskGiB").GetDouble());
        using var memberClient = await factory.CreateBearerClientAsync(member, ApiClientExtensions.MemberPassword);
        Assert.Equal(12.5, (await memberClient.GetFromJsonAsync<JsonElement>("/api/v1/me/usage")).GetProperty("maxDiskGiB").GetDouble());
        Assert.Equal(12.5, (await memberClient.GetFromJsonAsync<JsonElement>("/api/v1/disk")).GetProperty("quota").GetProperty("maxDiskGiB").GetDouble());

        using var cleared = await admin.PutAsJsonAsync($"/api/v1/users/{member}/quota", new { maxDiskGiB = (double?)null });
        Assert.Equal(JsonValueKind.Null, (await cleared.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("override").ValueKind);
    }

    [Fact]
    public async Task PutQuota_NegativeMaxDiskGiB_Returns400NamingTheField()
    {
        var member = await factory.CreateUserAsync();
        using var admin = await AdminAsync();

        using var response = await admin.PutAsJsonAsync($"/api/v1/users/{member}/quota", new { maxDiskGiB = -1 });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-request");
        Assert.True(problem.GetProperty("errors").TryGetProperty("maxDiskGiB", out _));
    }

    private int DefaultMaxGpus => factory.Services.GetRequiredService<IQuotaService>().Defaults.MaxGpus;

    private Task<HttpClient> AdminAsync() => factory.CreateBearerClientAsync(PortalAppFactory.AdminUserName, PortalAppFactory.AdminPassword);
}
