using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Proxy;

/// <summary>The apps the proxy tests open, launched and removed through the portal's API as their owner would.</summary>
internal static class ProxyContainers
{
    public const int EchoPort = 8000;

    public const int NotebookPort = 8888;

    /// <summary>
    /// A tiny HTTP app in portal/python that answers every method with what it received: method, path, headers and
    /// the number of body bytes (read in chunks, so a large upload is counted, not held).
    /// </summary>
    public static readonly string[] EchoCommand =
    [
        "python3", "-c",
        """
        import http.server, json
        class Echo(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def answer(self):
                left = int(self.headers.get("Content-Length") or 0)
                size = 0
                while left > 0:
                    chunk = self.rfile.read(min(left, 1 << 20))
                    if not chunk:
                        break
                    size += len(chunk)
                    left -= len(chunk)
                body = json.dumps({"method": self.command, "path": self.path, "bodyLength": size,
                                   "headers": [[k, v] for k, v in self.headers.items()]}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Set-Cookie", "app-cookie=1; Path=/")
                self.send_header("Set-Cookie", "portal.auth=planted; Path=/")
                self.send_header("Service-Worker-Allowed", "/")
                self.end_headers()
                self.wfile.write(body)
            do_GET = do_POST = do_PUT = do_DELETE = answer
            def log_message(self, *args):
                pass
        http.server.ThreadingHTTPServer(("0.0.0.0", 8000), Echo).serve_forever()
        """,
    ];

    public static async Task<string> LaunchAsync(HttpClient owner, object request)
    {
        using var response = await owner.PostAsJsonAsync(new Uri("/api/v1/containers", UriKind.Relative), request);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToString());
        return body.GetProperty("id").GetString()!;
    }

    public static Task<string> LaunchEchoAsync(HttpClient owner) =>
        LaunchAsync(owner, new { name = Name("echo"), image = "portal/python:latest", command = EchoCommand, ports = new[] { EchoPort } });

    /// <summary>Launches what the default "Jupyter notebook" template says, under a fresh name.</summary>
    public static async Task<string> LaunchNotebookFromTemplateAsync(HttpClient owner)
    {
        var templates = await owner.GetFromJsonAsync<JsonElement>(new Uri("/api/v1/templates", UriKind.Relative));
        var jupyter = templates.EnumerateArray().Single(t => t.GetProperty("name").GetString() == "Jupyter notebook");
        return await LaunchAsync(owner, new
        {
            name = Name("notebook"),
            image = jupyter.GetProperty("image").GetString(),
            command = jupyter.GetProperty("command").Deserialize<string[]>(),
            ports = jupyter.GetProperty("ports").Deserialize<int[]>(),
            workspace = jupyter.GetProperty("workspace").GetBoolean(),
        });
    }

    /// <summary>A container that publishes a port but has exited.</summary>
    public static Task<string> LaunchExitedAsync(HttpClient owner) =>
        LaunchAsync(owner, new { name = Name("exited"), image = "portal/shell:latest", command = new[] { "true" }, ports = new[] { EchoPort } });

    public static async Task RemoveAsync(HttpClient owner, string id)
    {
        using var response = await owner.DeleteAsync(new Uri($"/api/v1/containers/{id}", UriKind.Relative));
        Assert.True(response.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.NotFound, $"Removing {id} answered {response.StatusCode}.");
    }

    private static string Name(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];
}
