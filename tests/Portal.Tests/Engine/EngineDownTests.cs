using System.Net;
using System.Text.Json;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Engine;

/// <summary>A portal whose Docker engine does not answer keeps serving, and says so.</summary>
public sealed class EngineDownTests : IAsyncLifetime
{
    private readonly PortalAppFactory _factory = new(new Dictionary<string, string?>
    {
        ["Docker:Endpoint"] = $"unix:///tmp/portal-no-docker-{Guid.NewGuid():N}.sock",
        ["Docker:HealthCheckInterval"] = "00:00:01",
    });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Healthz_EngineUnreachable_ReportsUnhealthyDockerAndHealthyDatabase()
    {
        using var client = _factory.CreateApiClient();

        using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var checks = json.RootElement.GetProperty("checks");
        Assert.Equal("Healthy", checks.GetProperty("database").GetProperty("status").GetString());
        Assert.Equal("Unhealthy", checks.GetProperty("docker").GetProperty("status").GetString());
        Assert.Contains("Is dockerd running?", checks.GetProperty("docker").GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Portal_EngineUnreachable_StillServesLoginAndIssuesTokens()
    {
        using var client = _factory.CreateApiClient();

        using var login = await client.GetAsync(new Uri("/account/login", UriKind.Relative));
        using var token = await client.PostAsync(
            new Uri("/api/v1/auth/token", UriKind.Relative),
            new StringContent(
                JsonSerializer.Serialize(new { userName = PortalAppFactory.AdminUserName, password = PortalAppFactory.AdminPassword }),
                System.Text.Encoding.UTF8,
                "application/json"));

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
    }
}
