using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Audit;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Api;

/// <summary><c>GET /api/v1/audit</c>: user and token actions land in the log with who and how it ended; admins filter it.</summary>
public sealed class AuditApiTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task CreateUser_ThroughTheApi_IsAuditedWithTheAdmin()
    {
        using var admin = await AdminAsync();
        var userName = ApiClientExtensions.UniqueUserName("audited");
        using var created = await admin.PostAsJsonAsync("/api/v1/users", new { userName, password = "long-enough-password" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var taken = await admin.PostAsJsonAsync("/api/v1/users", new { userName, password = "long-enough-password" });
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);

        var page = await QueryAsync(admin, $"action=user.create&target={userName}");

        Assert.Equal(2, page.Total);
        var (refused, succeeded) = (page.Entries[0], page.Entries[1]);
        Assert.Equal((PortalAppFactory.AdminUserName, "user.create", userName, "succeeded"), (succeeded.Actor, succeeded.Action, succeeded.Target, succeeded.Outcome));
        Assert.Equal("role Member", succeeded.Detail);
        Assert.Equal("refused", refused.Outcome);
        Assert.StartsWith("name-taken", refused.Detail);
    }

    [Fact]
    public async Task UserChanges_ThroughTheService_AreAuditedWithTheirActor()
    {
        var member = await factory.CreateUserAsync();
        var accounts = factory.Accounts;
        await accounts.SetDisabledAsync("boss", member, disabled: true, TestTimeout.Token()).WithTimeout();
        await accounts.SetDisabledAsync("boss", member, disabled: false, TestTimeout.Token()).WithTimeout();
        await accounts.SetRoleAsync("boss", member, "Owner", TestTimeout.Token()).WithTimeout();
        await accounts.ResetPasswordAsync("boss", member, "another-long-password", TestTimeout.Token()).WithTimeout();
        using var admin = await AdminAsync();

        var page = await QueryAsync(admin, $"actor=boss&action=user.&target={member}");

        Assert.Equal(
            [("user.reset-password", "succeeded"), ("user.role", "refused"), ("user.enable", "succeeded"), ("user.disable", "succeeded")],
            page.Entries.Select(e => (e.Action, e.Outcome)));
    }

    [Fact]
    public async Task IssueToken_IsAuditedAsTheMember_AndAWrongPasswordAsRefused()
    {
        var member = await factory.CreateUserAsync();
        using var anonymous = factory.CreateApiClient();
        using var wrong = await anonymous.RequestTokenAsync(member, "not-the-password");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        await anonymous.GetTokenAsync(member, ApiClientExtensions.MemberPassword);
        using var admin = await AdminAsync();

        var page = await QueryAsync(admin, $"actor={member}&action=token.issue");

        Assert.Equal(2, page.Total);
        Assert.Equal(["succeeded", "refused"], page.Entries.Select(e => e.Outcome));
        Assert.Contains("ptl_", page.Entries[0].Target);
        Assert.Contains("wrong password", page.Entries[1].Detail);
    }

    [Fact]
    public async Task RevokeToken_IsAuditedAsTheMember()
    {
        var member = await factory.CreateUserAsync();
        using var client = await factory.CreateBearerClientAsync(member, ApiClientExtensions.MemberPassword);
        var tokens = await client.GetFromJsonAsync<JsonElement>("/api/v1/me/tokens");
        var id = tokens.EnumerateArray().First().GetProperty("id").GetString();
        using var revoked = await client.DeleteAsync($"/api/v1/me/tokens/{id}");
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        using var admin = await AdminAsync();

        var page = await QueryAsync(admin, $"actor={member}&action=token.revoke");

        Assert.Equal("succeeded", Assert.Single(page.Entries).Outcome);
    }

    [Fact]
    public async Task Audit_Filters_NarrowByPrefixOutcomeDatesAndPage()
    {
        var member = await factory.CreateUserAsync("filtered");
        using var anonymous = factory.CreateApiClient();
        using var wrong = await anonymous.RequestTokenAsync(member, "not-the-password");
        await anonymous.GetTokenAsync(member, ApiClientExtensions.MemberPassword);
        await anonymous.GetTokenAsync(member, ApiClientExtensions.MemberPassword);
        using var admin = await AdminAsync();

        var all = await QueryAsync(admin, $"actor={member}");
        var byPrefix = await QueryAsync(admin, $"actor={member}&action=token.");
        var refused = await QueryAsync(admin, $"actor={member}&outcome=refused");
        var firstPage = await QueryAsync(admin, $"actor={member}&take=2");
        var secondPage = await QueryAsync(admin, $"actor={member}&take=2&skip=2");
        var future = await QueryAsync(admin, $"actor={member}&since={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(1).ToString("O"))}");
        var past = await QueryAsync(admin, $"actor={member}&until={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(-1).ToString("O"))}");

        Assert.Equal(3, all.Total);
        Assert.Equal(3, byPrefix.Total);
        Assert.All(byPrefix.Entries, e => Assert.StartsWith("token.", e.Action));
        Assert.Equal("refused", Assert.Single(refused.Entries).Outcome);
        Assert.Equal((3, 2), (firstPage.Total, firstPage.Entries.Count));
        Assert.Single(secondPage.Entries);
        Assert.Equal(all.Entries.Select(e => e.Id), firstPage.Entries.Concat(secondPage.Entries).Select(e => e.Id));
        Assert.Equal(0, future.Total);
        Assert.Equal(0, past.Total);
    }

    [Fact]
    public async Task Audit_CancelledOutcome_IsAFilterOfItsOwn()
    {
        var member = await factory.CreateUserAsync("gaveup");
        var audit = factory.Services.GetRequiredService<IAuditLog>();
        await audit.WriteAsync(member, "image.pull", "127.0.0.1:5000/x/y:v1", AuditOutcome.Cancelled, "the caller stopped waiting", TestTimeout.Token()).WithTimeout();
        await audit.WriteAsync(member, "image.pull", "127.0.0.1:5000/x/y:v1", AuditOutcome.Succeeded, null, TestTimeout.Token()).WithTimeout();
        using var admin = await AdminAsync();

        var cancelled = await QueryAsync(admin, $"actor={member}&outcome=cancelled");

        Assert.Equal(("image.pull", "cancelled"), (Assert.Single(cancelled.Entries).Action, cancelled.Entries[0].Outcome));
    }

    [Fact]
    public async Task Audit_InvalidFilters_Returns400()
    {
        using var admin = await AdminAsync();

        using var outcome = await admin.GetAsync("/api/v1/audit?outcome=maybe");
        using var take = await admin.GetAsync("/api/v1/audit?take=0");

        var problem = await outcome.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-request");
        Assert.True(problem.GetProperty("errors").TryGetProperty("outcome", out _));
        await take.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-request");
    }

    [Fact]
    public async Task Audit_Member_Returns403()
    {
        var member = await factory.CreateUserAsync();
        using var client = await factory.CreateBearerClientAsync(member, ApiClientExtensions.MemberPassword);

        using var response = await client.GetAsync("/api/v1/audit");

        await response.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    private Task<HttpClient> AdminAsync() => factory.CreateBearerClientAsync(PortalAppFactory.AdminUserName, PortalAppFactory.AdminPassword);

    private static async Task<AuditPage> QueryAsync(HttpClient admin, string query)
    {
        using var response = await admin.GetAsync($"/api/v1/audit?{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadFromJsonAsync<AuditPage>(JsonSerializerOptions.Web);
        return page!;
    }

    private sealed record AuditPage(int Total, List<AuditRecord> Entries);

    private sealed record AuditRecord(long Id, DateTimeOffset At, string Actor, string Action, string Target, string Outcome, string? Detail);
}
