using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Portal.Data.Entities;

namespace Portal.Tests.Infrastructure;

/// <summary>Small steps the HTTP tests share: users, tokens and problem details.</summary>
internal static class ApiClientExtensions
{
    public const string MemberPassword = "member-secret-42";

    /// <summary>A user name no other test uses (user names allow 32 characters).</summary>
    public static string UniqueUserName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(32, prefix.Length + 13)];

    /// <summary>Creates a user through the real account service and returns its name.</summary>
    public static async Task<string> CreateUserAsync(this PortalAppFactory factory, string prefix = "member", string role = PortalRoles.Member)
    {
        var userName = UniqueUserName(prefix);
        var result = await factory.Accounts.CreateAsync(PortalAppFactory.AdminUserName, userName, MemberPassword, role, displayName: null, TestTimeout.Token()).WithTimeout();
        Assert.True(result.Succeeded, result.Message);
        return userName;
    }

    public static Task<HttpResponseMessage> RequestTokenAsync(this HttpClient client, string userName, string password) =>
        client.PostAsJsonAsync("/api/v1/auth/token", new { userName, password, name = "tests" });

    /// <summary>Signs in through <c>POST /api/v1/auth/token</c> and returns the token.</summary>
    public static async Task<string> GetTokenAsync(this HttpClient client, string userName, string password)
    {
        using var response = await client.RequestTokenAsync(userName, password);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("token").GetString()!;
    }

    /// <summary>An API client that sends <c>Authorization: Bearer</c> with a fresh token of the user.</summary>
    public static async Task<HttpClient> CreateBearerClientAsync(this PortalAppFactory factory, string userName, string password)
    {
        var client = factory.CreateApiClient();
        var token = await client.GetTokenAsync(userName, password);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static HttpClient WithBearer(this HttpClient client, string token)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Asserts an RFC 7807 answer with the status and the portal's stable <c>code</c>; returns its body.</summary>
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.Equal(code, problem.GetProperty("code").GetString());
        return problem;
    }
}
