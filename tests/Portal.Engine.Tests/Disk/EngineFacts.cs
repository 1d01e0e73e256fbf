using System.Net.Sockets;
using System.Text.Json;
using Portal.Engine.Tests.Integration;

namespace Portal.Engine.Tests.Disk;

/// <summary>
/// What the engine and the file system say, read without the portal: the raw <c>GET /system/df</c> over the socket,
/// <c>docker inspect</c> and file sizes. The disk tests compare the portal's accounting with these.
/// </summary>
internal static class EngineFacts
{
    public static async Task<JsonElement> SystemDfAsync(CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, token) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await socket.ConnectAsync(new UnixDomainSocketEndPoint("/var/run/docker.sock"), token);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        using var client = new HttpClient(handler) { BaseAddress = new Uri("http://docker/") };
        while (true)
        {
            using var response = await client.GetAsync("system/df", cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            // Engine 20.10 runs one disk usage scan at a time; a portal's own pass may hold it.
            if (!response.IsSuccessStatusCode && body.Contains("already running", StringComparison.Ordinal))
            {
                await Task.Delay(200, cancellationToken);
                continue;
            }

            Assert.True(response.IsSuccessStatusCode, body);
            return JsonDocument.Parse(body).RootElement.Clone();
        }
    }

    public static JsonElement Find(JsonElement df, string list, string key, string value) =>
        df.GetProperty(list).EnumerateArray().Single(e => e.GetProperty(key).GetString() == value);

    /// <summary>A container's writable layer as <c>docker inspect --size</c> reports it.</summary>
    public static async Task<long> SizeRwAsync(string containerId, CancellationToken cancellationToken) =>
        long.Parse((await DockerCli.OutputAsync(["inspect", "--size", "--format", "{{.SizeRw}}", containerId], cancellationToken)).Trim(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The bytes of a container's log file (and rotated ones), from <c>docker inspect</c>'s LogPath and the file system.</summary>
    public static async Task<long> LogBytesAsync(string containerId, CancellationToken cancellationToken)
    {
        var path = (await DockerCli.OutputAsync(["inspect", "--format", "{{.LogPath}}", containerId], cancellationToken)).Trim();
        var folder = new DirectoryInfo(Path.GetDirectoryName(path)!);
        return folder.GetFiles(Path.GetFileName(path) + "*").Sum(f => f.Length);
    }
}
