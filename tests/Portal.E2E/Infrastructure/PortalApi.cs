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

    /// <summary>Launches a busybox container as any user (POST /api/v1/containers, no GPUs) and returns its Docker id.</summary>
    public static async Task<string> LaunchContainerAsync(PortalProcess portal, string userName, string password, string name, IReadOnlyList<string> command)
    {
        using var client = await SignedInClientAsync(portal, userName, password);
        using var launched = await client.PostAsJsonAsync("api/v1/containers", new { name, image = "portal/shell:latest", command, gpus = 0 });
        await EnsureSuccessAsync(launched);
        var container = await launched.Content.ReadFromJsonAsync<ContainerResponse>()
            ?? throw new InvalidOperationException("POST /api/v1/containers returned no body.");
        return container.Id;
    }

    /// <summary>Removes a user's containers of that name, if any are left (a test that failed half-way).</summary>
    public static async Task RemoveContainersAsync(PortalProcess portal, string userName, string password, string name)
    {
        using var client = await SignedInClientAsync(portal, userName, password);
        var containers = await client.GetFromJsonAsync<List<ContainerResponse>>("api/v1/containers") ?? [];
        foreach (var container in containers.Where(c => c.Name == name))
        {
            using var deleted = await client.DeleteAsync($"api/v1/containers/{container.Id}");
            await EnsureSuccessAsync(deleted);
        }
    }

    /// <summary>Sets a user's disk quota as the bootstrap admin: PUT /api/v1/users/{userName}/quota.</summary>
    public static async Task SetDiskQuotaAsync(PortalProcess portal, string userName, double maxDiskGiB)
    {
        using var client = await SignedInClientAsync(portal, PortalProcess.AdminUserName, PortalProcess.AdminPassword);
        using var response = await client.PutAsJsonAsync($"api/v1/users/{userName}/quota", new { maxDiskGiB });
        await EnsureSuccessAsync(response);
    }

    private static async Task<HttpClient> SignedInClientAsync(PortalProcess portal, string userName, string password)
    {
        var client = portal.CreateHttpClient();
        try
        {
            using var tokenResponse = await client.PostAsJsonAsync("api/v1/auth/token", new { userName, password, name = "e2e" });
            await EnsureSuccessAsync(tokenResponse);
            var token = await tokenResponse.Content.ReadFromJsonAsync<TokenResponse>()
                ?? throw new InvalidOperationException("POST /api/v1/auth/token returned no body.");
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
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
