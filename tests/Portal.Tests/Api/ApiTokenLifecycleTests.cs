using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Api;

/// <summary>API tokens stop working when revoked, and when their user is disabled.</summary>
public sealed class ApiTokenLifecycleTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task RevokeToken_OwnToken_MakesItReturn401WhileOthersKeepWorking()
    {
        var member = await factory.CreateUserAsync("revoker");
        using var anonymous = factory.CreateApiClient();
        var revoked = await anonymous.GetTokenAsync(member, ApiClientExtensions.MemberPassword);
        var kept = await anonymous.GetTokenAsync(member, ApiClientExtensions.MemberPassword);
        using var revokedClient = factory.CreateApiClient().WithBearer(revoked);
        using var keptClient = factory.CreateApiClient().WithBearer(kept);
        using (var before = await revokedClient.GetAsync("/api/v1/me"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        var tokenId = await FindTokenIdAsync(keptClient, revoked);
        using var delete = await keptClient.DeleteAsync($"/api/v1/me/tokens/{tokenId}");

        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        using var after = await revokedClient.GetAsync("/api/v1/me");
        await after.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        using var other = await keptClient.GetAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        var listed = await keptClient.GetFromJsonAsync<JsonElement>("/api/v1/me/tokens");
        Assert.True(listed.EnumerateArray().Single(t => t.GetProperty("id").GetGuid() == tokenId).GetProperty("isRevoked").GetBoolean());
    }

    [Fact]
    public async Task RevokeToken_AnotherUsersToken_Returns404AndKeepsIt()
    {
        var owner = await factory.CreateUserAsync("owner");
        var intruder = await factory.CreateUserAsync("intruder");
        using var ownerClient = await factory.CreateBearerClientAsync(owner, ApiClientExtensions.MemberPassword);
        using var intruderClient = await factory.CreateBearerClientAsync(intruder, ApiClientExtensions.MemberPassword);
        var ownerToken = ownerClient.DefaultRequestHeaders.Authorization!.Parameter!;
        var tokenId = await FindTokenIdAsync(ownerClient, ownerToken);

        using var delete = await intruderClient.DeleteAsync($"/api/v1/me/tokens/{tokenId}");

        await delete.AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        using var still = await ownerClient.GetAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.OK, still.StatusCode);
    }

    [Fact]
    public async Task BearerToken_UserDisabled_Returns401()
    {
        var member = await factory.CreateUserAsync("disabled");
        using var client = await factory.CreateBearerClientAsync(member, ApiClientExtensions.MemberPassword);
        using (var before = await client.GetAsync("/api/v1/me"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        var disabled = await factory.Accounts.SetDisabledAsync(PortalAppFactory.AdminUserName, member, disabled: true, TestTimeout.Token()).WithTimeout();
        Assert.True(disabled.Succeeded, disabled.Message);

        using var after = await client.GetAsync("/api/v1/me");
        await after.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task IssueToken_DisabledUser_Returns403AccountDisabled()
    {
        var member = await factory.CreateUserAsync("disabled");
        var disabled = await factory.Accounts.SetDisabledAsync(PortalAppFactory.AdminUserName, member, disabled: true, TestTimeout.Token()).WithTimeout();
        Assert.True(disabled.Succeeded, disabled.Message);
        using var client = factory.CreateApiClient();

        using var response = await client.RequestTokenAsync(member, ApiClientExtensions.MemberPassword);

        await response.AssertProblemAsync(HttpStatusCode.Forbidden, "account-disabled");
    }

    private static async Task<Guid> FindTokenIdAsync(HttpClient client, string token)
    {
        var tokens = await client.GetFromJsonAsync<JsonElement>("/api/v1/me/tokens");
        return tokens.EnumerateArray().Single(t => token.StartsWith(t.GetProperty("prefix").GetString()!, StringComparison.Ordinal)).GetProperty("id").GetGuid();
    }
}
