using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Portal.Benchmarks;

/// <summary>
/// A minimal SignalR JSON-protocol client for one streaming invocation of the logs hub, over a bare WebSocket: it reads
/// each line's <c>text</c> and the batch's <c>missed</c> with a <see cref="Utf8JsonReader"/> and nothing else. The
/// full .NET client deserializes every line into objects, which on a 2-CPU machine made 20 clients in this process
/// slower than the portal serving them, so the benchmark measured itself.
/// </summary>
internal sealed class LightHubClient : IAsyncDisposable
{
    private const byte RecordSeparator = 0x1e;
    private static readonly TimeSpan PingInterval = TimeSpan.FromSeconds(10);

    private readonly ClientWebSocket _socket = new();
    private readonly SemaphoreSlim _sendGate = new(1, 1);

    public static async Task<LightHubClient> ConnectAsync(Uri hub, string token, CancellationToken cancellationToken)
    {
        var client = new LightHubClient();
        try
        {
            var uri = new UriBuilder(hub) { Scheme = hub.Scheme == "https" ? "wss" : "ws", Query = "access_token=" + Uri.EscapeDataString(token) }.Uri;
            await client._socket.ConnectAsync(uri, cancellationToken);
            await client.SendAsync("{\"protocol\":\"json\",\"version\":1}", cancellationToken);
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    /// <summary>Invokes the streaming <c>Follow</c> and calls <paramref name="onLine"/> for each line until it returns true.</summary>
    public async Task FollowAsync(string containerId, int tail, Func<string, long, bool> onLine, Action<long> onMissed, CancellationToken cancellationToken)
    {
        await SendAsync($"{{\"type\":4,\"invocationId\":\"0\",\"target\":\"Follow\",\"arguments\":[{JsonSerializer.Serialize(containerId)},{tail}]}}", cancellationToken);
        using var pings = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pinging = PingAsync(pings.Token);
        try
        {
            var buffer = new ArrayBufferWriter<byte>(256 * 1024);
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer.GetMemory(64 * 1024), cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    throw new InvalidOperationException($"The hub closed the connection: {_socket.CloseStatusDescription}");
                }

                buffer.Advance(result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }

                var received = NowNanoseconds();
                var messages = buffer.WrittenMemory;
                while (messages.Length > 0)
                {
                    var end = messages.Span.IndexOf(RecordSeparator);
                    if (end < 0)
                    {
                        break;
                    }

                    if (Handle(messages.Span[..end], received, onLine, onMissed))
                    {
                        return;
                    }

                    messages = messages[(end + 1)..];
                }

                // Whatever follows the last separator is the start of the next message.
                var rest = messages.ToArray();
                buffer.ResetWrittenCount();
                buffer.Write(rest);
            }
        }
        finally
        {
            await pings.CancelAsync();
            await pinging;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", cts.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
                // Closing is a courtesy.
            }
        }

        _socket.Dispose();
        _sendGate.Dispose();
    }

    public static long NowNanoseconds() => (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;

    /// <summary>One hub message; true once <paramref name="onLine"/> said it has seen the last line.</summary>
    private static bool Handle(ReadOnlySpan<byte> message, long received, Func<string, long, bool> onLine, Action<long> onMissed)
    {
        var reader = new Utf8JsonReader(message);
        int? type = null;
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.PropertyName)
            {
                continue;
            }

            if (reader.CurrentDepth == 1 && reader.ValueTextEquals("type"))
            {
                reader.Read();
                type = reader.GetInt32();
                if (type == 3)
                {
                    throw new InvalidOperationException($"The hub ended the stream: {Encoding.UTF8.GetString(message)}");
                }
            }
            else if (reader.ValueTextEquals("text"))
            {
                reader.Read();
                if (onLine(reader.GetString()!, received))
                {
                    return true;
                }
            }
            else if (reader.ValueTextEquals("missed"))
            {
                reader.Read();
                onMissed(reader.GetInt64());
            }
        }

        return false;
    }

    private async Task PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(PingInterval, cancellationToken);
                await SendAsync("{\"type\":6}", cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // The stream ended.
        }
    }

    private async Task SendAsync(string message, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(message + (char)RecordSeparator);
        await _sendGate.WaitAsync(cancellationToken);
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
        finally
        {
            _sendGate.Release();
        }
    }
}
