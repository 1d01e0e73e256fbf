using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Api;

/// <summary>What a script or a monitor finds without signing in: the OpenAPI document and <c>/healthz</c>.</summary>
public sealed class DiscoveryEndpointsTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task OpenApiDocument_Anonymous_ListsTheTokenEndpoint()
    {
        using var client = factory.CreateApiClient();

        using var response = await client.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await response.Content.ReadFromJsonAsync<JsonElement>();
        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/auth/token", out var token), string.Join(", ", paths.EnumerateObject().Select(p => p.Name)));
        Assert.True(token.TryGetProperty("post", out _));
        Assert.True(paths.TryGetProperty("/api/v1/users", out _));
    }

    [Fact]
    public async Task Healthz_DockerRunning_ReportsDatabaseAndDockerVersions()
    {
        using var client = factory.CreateApiClient();

        using var response = await client.GetAsync("/healthz");

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToString());
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        var checks = body.GetProperty("checks");
        var database = checks.GetProperty("database");
        Assert.Equal("Healthy", database.GetProperty("status").GetString());
        Assert.True(database.GetProperty("data").GetProperty("users").GetInt32() >= 1);
        var docker = checks.GetProperty("docker");
        Assert.Equal("Healthy", docker.GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(docker.GetProperty("data").GetProperty("version").GetString()));
        Assert.Matches(@"^1\.\d+$", docker.GetProperty("data").GetProperty("apiVersion").GetString());
    }

    [Fact]
    public async Task UnknownApiPath_Anonymous_Returns404ProblemDetails()
    {
        using var client = factory.CreateApiClient();

        using var response = await client.GetAsync("/api/v1/no-such-thing");

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task RootWebRoot_Anonymous_ServesTheStylesheetFromTheRepositoryRoot()
    {
        using var client = factory.CreateApiClient();

        using var response = await client.GetAsync("/css/portal.css");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(RepositoryRoot.Path, factory.Services.GetRequiredService<IWebHostEnvironment>().ContentRootPath.TrimEnd('/'));
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Path, "wwwroot", "css", "portal.css")), await response.Content.ReadAsStringAsync());
    }
}
