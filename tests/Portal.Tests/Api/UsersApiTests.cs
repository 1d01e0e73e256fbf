using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Api;

/// <summary><c>/api/v1/users</c>: admins only, with the portal's problem codes.</summary>
public sealed class UsersApiTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task ListUsers_Member_Returns403ProblemDetails()
    {
        var member = await factory.CreateUserAsync();
        using var client = await factory.CreateBearerClientAsync(member, ApiClientExtensions.MemberPassword);

        using var response = await client.GetAsync("/api/v1/users");

        await response.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task CreateUser_Member_Returns403AndCreatesNothing()
    {
        var member = await factory.CreateUserAsync();
        using var client = await factory.CreateBearerClientAsync(member, ApiClientExtensions.MemberPassword);
        var wanted = ApiClientExtensions.UniqueUserName("sneaky");

        using var response = await client.PostAsJsonAsync("/api/v1/users", new { userName = wanted, password = "long-enough-password" });

        await response.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Null(await factory.Accounts.FindAsync(wanted, TestTimeout.Token()).WithTimeout());
    }

    [Fact]
    public async Task ListUsers_Anonymous_Returns401ProblemDetails()
    {
        using var client = factory.CreateApiClient();

        using var response = await client.GetAsync("/api/v1/users");

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task ListUsers_Admin_ListsTheBootstrapAdmin()
    {
        using var client = await factory.CreateBearerClientAsync(PortalAppFactory.AdminUserName, PortalAppFactory.AdminPassword);

        using var response = await client.GetAsync("/api/v1/users");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var users = await response.Content.ReadFromJsonAsync<JsonElement>();
        var admin = users.EnumerateArray().Single(u => u.GetProperty("userName").GetString() == PortalAppFactory.AdminUserName);
        Assert.Equal("Admin", admin.GetProperty("role").GetString());
    }

    [Fact]
    public async Task CreateUser_Admin_Returns201WithAMember()
    {
        using var client = await factory.CreateBearerClientAsync(PortalAppFactory.AdminUserName, PortalAppFactory.AdminPassword);
        var userName = ApiClientExtensions.UniqueUserName("created");

        using var response = await client.PostAsJsonAsync("/api/v1/users", new { userName, password = "long-enough-password", displayName = "Ada Lovelace" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/api/v1/users/{userName}", response.Headers.Location?.OriginalString);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(userName, created.GetProperty("userName").GetString());
        Assert.Equal("Member", created.GetProperty("role").GetString());
        Assert.Equal("Ada Lovelace", created.GetProperty("displayName").GetString());

        // The new member can sign in with the password the admin chose.
        using var anonymous = factory.CreateApiClient();
        Assert.StartsWith("ptl_", await anonymous.GetTokenAsync(userName, "long-enough-password"));
    }

    [Fact]
    public async Task CreateUser_DuplicateName_Returns409NameTaken()
    {
        var existing = await factory.CreateUserAsync("taken");
        using var client = await factory.CreateBearerClientAsync(PortalAppFactory.AdminUserName, PortalAppFactory.AdminPassword);

        using var response = await client.PostAsJsonAsync("/api/v1/users", new { userName = existing, password = "long-enough-password" });

        await response.AssertProblemAsync(HttpStatusCode.Conflict, "name-taken");
    }

    [Fact]
    public async Task CreateUser_WeakPassword_Returns400WithPasswordError()
    {
        using var client = await factory.CreateBearerClientAsync(PortalAppFactory.AdminUserName, PortalAppFactory.AdminPassword);
        var userName = ApiClientExtensions.UniqueUserName("weak");

        using var response = await client.PostAsJsonAsync("/api/v1/users", new { userName, password = "short" });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-request");
        Assert.True(problem.GetProperty("errors").TryGetProperty("password", out _), problem.ToString());
        Assert.Null(await factory.Accounts.FindAsync(userName, TestTimeout.Token()).WithTimeout());
    }

    [Fact]
    public async Task CreateUser_InvalidNameAndRole_Returns400WithFieldErrors()
    {
        using var client = await factory.CreateBearerClientAsync(PortalAppFactory.AdminUserName, PortalAppFactory.AdminPassword);

        using var response = await client.PostAsJsonAsync("/api/v1/users", new { userName = "Not Valid!", password = "long-enough-password", role = "Owner" });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid-request");
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("userName", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("role", out _), errors.ToString());
    }
}
