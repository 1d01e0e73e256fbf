using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Logs;

/// <summary>Containers that print known lines, launched through the API as their owner would.</summary>
internal static class LogContainers
{
    /// <summary>Runs <paramref name="script"/> in busybox sh, then sleeps (ending at once on SIGTERM); returns the Docker id.</summary>
    public static async Task<string> LaunchAsync(HttpClient owner, string name, string script)
    {
        using var response = await owner.PostAsJsonAsync(
            new Uri("/api/v1/containers", UriKind.Relative),
            new { name, image = "portal/shell:latest", command = new[] { "sh", "-c", $"trap 'exit 0' TERM; {script}; sleep 600 & wait" } });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToString());
        return body.GetProperty("id").GetString()!;
    }

    /// <summary>Waits for /tmp/go, then prints <c>line-0</c> .. <c>line-(count-1)</c>: viewers attach before the first line.</summary>
    public static string NumberedAfterGo(int count) =>
        $"while [ ! -e /tmp/go ]; do sleep 0.1; done; i=0; while [ $i -lt {count} ]; do echo line-$i; i=$((i+1)); done";

    public static IEnumerable<string> Numbered(string prefix, int count, int from = 0) =>
        Enumerable.Range(from, count - from).Select(i => $"{prefix}-{i}");

    /// <summary>Starts the numbered lines (docker exec, as the person at the host would).</summary>
    public static async Task GoAsync(string containerId)
    {
        var startInfo = new ProcessStartInfo("docker", ["exec", containerId, "touch", "/tmp/go"]) { RedirectStandardError = true };
        using var process = Process.Start(startInfo)!;
        var error = await process.StandardError.ReadToEndAsync().WithTimeout();
        await process.WaitForExitAsync().WithTimeout();
        Assert.True(process.ExitCode == 0, error);
    }
}
