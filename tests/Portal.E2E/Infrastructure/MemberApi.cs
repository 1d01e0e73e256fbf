using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace Portal.E2E.Infrastructure;

/// <summary>Set-up as a member through the portal's HTTP API: their own containers, launched and removed as they would.</summary>
internal sealed class MemberApi : IDisposable
{
    private readonly HttpClient _client;

    private MemberApi(HttpClient client)
    {
        _client = client;
    }

    /// <summary>Signs in as the member (POST /api/v1/auth/token) and keeps the token for the calls that follow.</summary>
    public static async Task<MemberApi> SignInAsync(PortalProcess portal, string userName, string password)
    {
        var client = portal.CreateHttpClient();
        try
        {
            using var response = await client.PostAsJsonAsync("api/v1/auth/token", new { userName, password, name = "e2e-member" });
            await EnsureSuccessAsync(response);
            var token = await response.Content.ReadFromJsonAsync<TokenResponse>() ?? throw new InvalidOperationException("POST /api/v1/auth/token returned no body.");
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
            return new MemberApi(client);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Launches a busybox container that runs <paramref name="command"/> and waits until it has exited; returns its id.</summary>
    public async Task<string> LaunchAndWaitForExitAsync(string name, IReadOnlyList<string> command)
    {
        using var launched = await _client.PostAsJsonAsync("api/v1/containers", new { name, image = "portal/shell:latest", command });
        await EnsureSuccessAsync(launched);
        var container = await launched.Content.ReadFromJsonAsync<ContainerResponse>() ?? throw new InvalidOperationException("POST /api/v1/containers returned no body.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while ((await _client.GetFromJsonAsync<ContainerResponse>($"api/v1/containers/{container.Id}", timeout.Token))?.State != "exited")
        {
            await Task.Delay(200, timeout.Token);
        }

        return container.Id;
    }

    /// <summary>Removes the container if it is still there (a test that failed half-way); returns whether it was.</summary>
    public async Task<bool> RemoveIfPresentAsync(string id)
    {
        using var response = await _client.DeleteAsync($"api/v1/containers/{id}");
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        await EnsureSuccessAsync(response);
        return true;
    }

    public void Dispose() => _client.Dispose();

    private static async Task EnsureSuccessAsync(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException(
                $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    private sealed record TokenResponse(string Token);

    private sealed record ContainerResponse(string Id, string State);
}
