using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Portal.Tests.Infrastructure;
using Portal.Engine.Tests.Integration;

namespace Portal.Tests.Disk;

/// <summary>Containers a member launched and that stopped: what a cleanup finds.</summary>
internal static class CleanupContainers
{
    /// <summary>Launches a busybox container through the API that writes 50 kB and exits; waits until it has; returns its id.</summary>
    public static async Task<string> StoppedAsync(HttpClient owner, string name)
    {
        using var launched = await owner.PostAsJsonAsync(
            new Uri("/api/v1/containers", UriKind.Relative),
            new { name, image = "portal/shell:latest", command = new[] { "sh", "-c", "head -c 50000 /dev/urandom > /junk" } });
        var body = await launched.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(launched.StatusCode == HttpStatusCode.Created, body.ToString());
        var id = body.GetProperty("id").GetString()!;
        using var timeout = new CancellationTokenSource(TestTimeout.Default);
        await Poll.UntilAsync(
            async () =>
            {
                using var read = await owner.GetAsync(new Uri($"/api/v1/containers/{id}", UriKind.Relative), timeout.Token);
                return (await read.Content.ReadFromJsonAsync<JsonElement>(timeout.Token)).GetProperty("state").GetString();
            },
            state => state == "exited",
            TestTimeout.Default,
            $"container {name} to exit",
            timeout.Token);
        return id;
    }

    /// <summary>Removes it if a test left it (404 when the cleanup under test already did).</summary>
    public static async Task RemoveAsync(HttpClient owner, string id)
    {
        using var response = await owner.DeleteAsync(new Uri($"/api/v1/containers/{id}", UriKind.Relative));
        Assert.True(response.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.NotFound, $"Removing {id} answered {response.StatusCode}.");
    }
}
