using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Api;

/// <summary><c>POST /api/v1/auth/token</c> and <c>GET /api/v1/me</c> on the real app.</summary>
public sealed class AuthTokenApiTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task IssueToken_RightPassword_ReturnsTokenAndExpiry()
    {
        using var client = factory.CreateApiClient();

        using var response = await client.RequestTokenAsync(PortalAppFactory.AdminUserName, PortalAppFactory.AdminPassword);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.StartsWith("ptl_", body.GetProperty("token").GetString());
        var expiresAt = body.GetProperty("expiresAt").GetDateTimeOffset();
        Assert.InRange(expiresAt, DateTimeOffset.UtcNow.AddDays(29), DateTimeOffset.UtcNow.AddDays(31));
    }

    [Fact]
    public async Task Me_AdminBearerToken_ReturnsUserNameAndAdminRole()
    {
        using var client = await factory.CreateBearerClientAsync(PortalAppFactory.AdminUserName, PortalAppFactory.AdminPassword);

        using var response = await client.GetAsync("/api/v1/me");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var me = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(PortalAppFactory.AdminUserName, me.GetProperty("userName").GetString());
        Assert.Equal("Admin", me.GetProperty("role").GetString());
    }

    [Fact]
    public async Task IssueToken_WrongPassword_Returns401InvalidCredentials()
    {
        var userName = await factory.CreateUserAsync("wrongpw");
        using var client = factory.CreateApiClient();

        using var response = await client.RequestTokenAsync(userName, "not-the-password");

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid-credentials");
    }

    [Fact]
    public async Task IssueToken_UnknownUser_Returns401InvalidCredentials()
    {
        using var client = factory.CreateApiClient();

        using var response = await client.RequestTokenAsync(ApiClientExtensions.UniqueUserName("nobody"), "whatever-password");

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid-credentials");
    }

    [Fact]
    public async Task IssueToken_MissingFields_Returns400InvalidRequestWithFieldErrors()
    {
        using var client = factory.CreateApiClient();

        using var response = await client.PostAsJsonAsync("/api/v1/auth/token", new { });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-request");
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("userName", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("password", out _), errors.ToString());
    }

    [Fact]
    public async Task IssueToken_MalformedJson_Returns400ProblemDetails()
    {
        using var client = factory.CreateApiClient();
        using var content = new StringContent("{\"userName\": \"admin\", ", Encoding.UTF8, "application/json");

        using var response = await client.PostAsync("/api/v1/auth/token", content);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-request");
    }

    [Fact]
    public async Task IssueToken_FiveWrongPasswords_LocksOutEvenTheRightPassword()
    {
        var userName = await factory.CreateUserAsync("lockout");
        using var client = factory.CreateApiClient();
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            using var wrong = await client.RequestTokenAsync(userName, "not-the-password");
            await wrong.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid-credentials");
        }

        // The fifth failure is the one that locks the account.
        using var fifth = await client.RequestTokenAsync(userName, "not-the-password");
        await fifth.AssertProblemAsync(HttpStatusCode.Forbidden, "locked-out");

        using var right = await client.RequestTokenAsync(userName, ApiClientExtensions.MemberPassword);

        await right.AssertProblemAsync(HttpStatusCode.Forbidden, "locked-out");
    }

    [Fact]
    public async Task Me_Anonymous_Returns401ProblemDetails()
    {
        using var client = factory.CreateApiClient();

        using var response = await client.GetAsync("/api/v1/me");

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task Me_UnknownBearerToken_Returns401ProblemDetails()
    {
        using var client = factory.CreateApiClient().WithBearer("ptl_" + new string('x', 43));

        using var response = await client.GetAsync("/api/v1/me");

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }
}
