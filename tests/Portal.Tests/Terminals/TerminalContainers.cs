using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Docker.DotNet;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Terminals;

/// <summary>Containers for terminal tests, launched and removed through the portal's API like a user would.</summary>
internal static class TerminalContainers
{
    public const string Python = "portal/python:latest";

    public const string Shell = "portal/shell:latest";

    /// <summary>Sleeps like <c>sleep 600</c> but stops at once on SIGTERM (a plain sleep as pid 1 ignores it, so stop waits 10 s).</summary>
    public static readonly string[] StoppableSleep = ["sh", "-c", "trap 'exit 0' TERM; sleep 600 & wait"];

    /// <summary>Launches a container that sleeps for ten minutes (longer than any test) and returns its Docker id.</summary>
    public static async Task<string> LaunchAsync(HttpClient client, string image, bool workspace = false, string[]? command = null)
    {
        var name = "term-" + Guid.NewGuid().ToString("N")[..8];
        using var response = await client.PostAsJsonAsync(
            new Uri("/api/v1/containers", UriKind.Relative),
            new { name, image, command = command ?? ["sleep", "600"], workspace });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToString());
        return body.GetProperty("id").GetString()!;
    }

    public static async Task RemoveAsync(HttpClient client, string id)
    {
        using var response = await client.DeleteAsync(new Uri($"/api/v1/containers/{id}", UriKind.Relative));
        Assert.True(response.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.NotFound, $"Removing {id} answered {response.StatusCode}.");
    }

    /// <summary>A Docker client of the test's own, to check what the portal left behind (execs still running).</summary>
    public static DockerClient Docker() => new DockerClientBuilder().WithEndpoint(new Uri("unix:///var/run/docker.sock")).Build();

    /// <summary>Whether Docker still runs the exec; false once it ended (or its container is gone).</summary>
    public static async Task<bool> IsExecRunningAsync(string execId)
    {
        using var docker = Docker();
        try
        {
            var inspect = await docker.Exec.InspectContainerExecAsync(execId, TestTimeout.Token());
            return inspect.Running;
        }
        catch (DockerApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }
}
