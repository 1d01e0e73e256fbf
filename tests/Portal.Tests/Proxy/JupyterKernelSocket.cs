using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Proxy;

/// <summary>Jupyter's kernel channels WebSocket (its JSON message protocol), spoken as the notebook page does.</summary>
internal sealed class JupyterKernelSocket : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly string _session = Guid.NewGuid().ToString("N");

    private JupyterKernelSocket(ClientWebSocket socket)
    {
        _socket = socket;
    }

    /// <summary>Connects with the browser's cookie and Origin (the proxy's origin), through the proxy.</summary>
    public static async Task<JupyterKernelSocket> ConnectAsync(Uri channels, string cookieHeader, string origin)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Cookie", cookieHeader);
        socket.Options.SetRequestHeader("Origin", origin);
        try
        {
            await socket.ConnectAsync(channels, TestTimeout.Token()).WithTimeout();
            return new JupyterKernelSocket(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends <c>execute_request</c> on the shell channel and returns the <c>text/plain</c> of its <c>execute_result</c>.</summary>
    public async Task<string> ExecuteAsync(string code)
    {
        var messageId = Guid.NewGuid().ToString("N");
        var request = new JsonObject
        {
            ["header"] = new JsonObject
            {
                ["msg_id"] = messageId,
                ["msg_type"] = "execute_request",
                ["session"] = _session,
                ["username"] = "test",
                ["version"] = "5.3",
                ["date"] = DateTimeOffset.UtcNow.ToString("O"),
            },
            ["parent_header"] = new JsonObject(),
            ["metadata"] = new JsonObject(),
            ["content"] = new JsonObject
            {
                ["code"] = code,
                ["silent"] = false,
                ["store_history"] = true,
                ["user_expressions"] = new JsonObject(),
                ["allow_stdin"] = false,
                ["stop_on_error"] = true,
            },
            ["channel"] = "shell",
            ["buffers"] = new JsonArray(),
        };
        await _socket.SendAsync(Encoding.UTF8.GetBytes(request.ToJsonString()), WebSocketMessageType.Text, true, TestTimeout.Token()).WithTimeout();

        using var timeout = new CancellationTokenSource(TestTimeout.Default);
        while (true)
        {
            using var message = JsonDocument.Parse(await ReceiveAsync(timeout.Token));
            var root = message.RootElement;
            if (root.GetProperty("parent_header").TryGetProperty("msg_id", out var parent) && parent.GetString() == messageId
                && root.GetProperty("header").GetProperty("msg_type").GetString() == "execute_result")
            {
                return root.GetProperty("content").GetProperty("data").GetProperty("text/plain").GetString()!;
            }
        }
    }

    private async Task<string> ReceiveAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        using var text = new MemoryStream();
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new InvalidOperationException($"The kernel socket closed: {result.CloseStatus} {result.CloseStatusDescription}");
            }

            text.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return Encoding.UTF8.GetString(text.ToArray());
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
                // The test's result stands; the socket goes with the container.
            }
        }

        _socket.Dispose();
    }
}
