using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace Portal.E2E.Infrastructure;

/// <summary>Test set-up through the portal's HTTP API, for what a test needs but does not test through the UI.</summary>
internal static class PortalApi
{
    /// <summary>Creates a user as the bootstrap admin: POST /api/v1/auth/token, then POST /api/v1/users.</summary>
    public static async Task CreateUserAsync(PortalProcess portal, string userName, string password, string role)
    {
        using var client = portal.CreateHttpClient();
        using var tokenResponse = await client.PostAsJsonAsync(
            "api/v1/auth/token", new { userName = PortalProcess.AdminUserName, password = PortalProcess.AdminPassword, name = "e2e" });
        await EnsureSuccessAsync(tokenResponse);
        var token = await tokenResponse.Content.ReadFromJsonAsync<TokenResponse>()
            ?? throw new InvalidOperationException("POST /api/v1/auth/token returned no body.");

        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/users")
        {
            Content = JsonContent.Create(new { userName, password, role }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
        using var created = await client.SendAsync(request);
        await EnsureSuccessAsync(created);
    }

    /// <summary>
    /// Removes the bootstrap admin's container of that name if it still exists (a test that failed half-way):
    /// GET /api/v1/containers, then DELETE /api/v1/containers/{id}. Returns whether one was removed.
    /// </summary>
    public static async Task<bool> RemoveAdminContainerAsync(PortalProcess portal, string name)
    {
        using var client = portal.CreateHttpClient();
        using var tokenResponse = await client.PostAsJsonAsync(
            "api/v1/auth/token", new { userName = PortalProcess.AdminUserName, password = PortalProcess.AdminPassword, name = "e2e-cleanup" });
        await EnsureSuccessAsync(tokenResponse);
        var token = await tokenResponse.Content.ReadFromJsonAsync<TokenResponse>()
            ?? throw new InvalidOperationException("POST /api/v1/auth/token returned no body.");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);

        var containers = await client.GetFromJsonAsync<List<ContainerResponse>>("api/v1/containers") ?? [];
        var removed = false;
        foreach (var container in containers.Where(c => c.Name == name))
        {
            using var deleted = await client.DeleteAsync($"api/v1/containers/{container.Id}");
            await EnsureSuccessAsync(deleted);
            removed = true;
        }

        return removed;
    }

    /// <summary>Launches a container as the bootstrap admin (POST /api/v1/containers) and returns its Docker id.</summary>
    public static async Task<string> LaunchAdminContainerAsync(PortalProcess portal, string name, IReadOnlyList<string> command, int gpus)
    {
        using var client = portal.CreateHttpClient();
        using var tokenResponse = await client.PostAsJsonAsync(
            "api/v1/auth/token", new { userName = PortalProcess.AdminUserName, password = PortalProcess.AdminPassword, name = "e2e-launch" });
        await EnsureSuccessAsync(tokenResponse);
        var token = await tokenResponse.Content.ReadFromJsonAsync<TokenResponse>()
            ?? throw new InvalidOperationException("POST /api/v1/auth/token returned no body.");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);

        using var launched = await client.PostAsJsonAsync("api/v1/containers", new { name, image = "portal/shell:latest", command, gpus });
        await EnsureSuccessAsync(launched);
        var container = await launched.Content.ReadFromJsonAsync<ContainerResponse>()
            ?? throw new InvalidOperationException("POST /api/v1/containers returned no body.");
        return container.Id;
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException(
                $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    private sealed record TokenResponse(string Token, DateTimeOffset ExpiresAt);

    private sealed record ContainerResponse(string Id, string Name);
}
