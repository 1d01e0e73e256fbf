using System.Net.WebSockets;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Portal.Benchmarks;

/// <summary>
/// The least a browser terminal can be on the portal's fixed stack: Kestrel, ASP.NET Core's WebSockets and
/// Docker.DotNet, with no sign-in, no ownership check, no scrollback, no flow control, no audit. One WebSocket is
/// bridged to one started exec: binary frames in are written to the exec, the exec's output goes out as binary
/// frames. Run as its own process (like the portal) so its echo latency is the floor the portal's is measured against:
/// what the extra hop through this stack costs before any of the portal's own work.
///   dotnet Portal.Benchmarks.dll terminal-relay --port N
/// </summary>
internal static class MinimalTerminalRelay
{
    public static async Task<int> MainAsync(string[] args, CancellationToken cancellationToken)
    {
        var port = BenchmarkOptions.Read(args, "--port", 0);
        if (port <= 0)
        {
            await Console.Error.WriteLineAsync("usage: Portal.Benchmarks terminal-relay --port N");
            return 2;
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        using var docker = new DockerClientBuilder().WithEndpoint(new Uri("unix:///var/run/docker.sock")).Build();
        await using var app = builder.Build();
        app.UseWebSockets();
        app.MapGet("/healthz", () => "ok");
        // Only an exec the benchmark created can be started: its id (256 random bits) is the only key, on loopback only.
        app.Map("/relay/{execId}", async (HttpContext context, string execId) =>
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            using var stream = await docker.Exec.StartContainerExecAsync(execId, new ContainerExecStartParameters { TTY = true, Detach = false }, context.RequestAborted);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
            var output = PumpOutputAsync(stream, socket, stop.Token);
            await PumpInputAsync(socket, stream, stop.Token);
            await stop.CancelAsync();
            try
            {
                await output;
            }
            catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException)
            {
                // The other side went first.
            }
        });
        // Ends on Ctrl+C, and when the benchmark that started it goes away for any reason (its end of our stdin closes).
        using var stopping = cancellationToken.Register(() => app.Lifetime.StopApplication());
        _ = Task.Run(
            async () =>
            {
                await Console.In.ReadToEndAsync(CancellationToken.None);
                app.Lifetime.StopApplication();
            },
            CancellationToken.None);
        await app.RunAsync();
        return 0;
    }

    private static async Task PumpOutputAsync(MultiplexedStream stream, WebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[32 * 1024];
        while (true)
        {
            var read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, cancellationToken);
            if (read.EOF)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "exited", cancellationToken);
                return;
            }

            await socket.SendAsync(buffer.AsMemory(0, read.Count), WebSocketMessageType.Binary, endOfMessage: true, cancellationToken);
        }
    }

    private static async Task PumpInputAsync(WebSocket socket, MultiplexedStream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return;
            }

            await stream.WriteAsync(buffer, 0, result.Count, cancellationToken);
        }
    }
}
