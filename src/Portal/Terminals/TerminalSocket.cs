using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using Portal.Engine.Terminals;

namespace Portal.Terminals;

/// <summary>
/// One browser socket bridged to one terminal attachment. Two loops: output (replay, then live bytes as binary
/// frames, then the final control message and the close) and input (binary frames typed into the terminal, text
/// frames parsed as control messages). The socket going away without an exit only detaches: the session keeps
/// running for the grace period.
/// </summary>
internal sealed partial class TerminalSocket(WebSocket socket, TerminalAttachment attachment, ILogger logger)
{
    /// <summary>Output frame size: large enough that a flood costs few frames, small enough to keep the browser smooth.</summary>
    private const int OutputFrameBytes = 64 * 1024;

    private const int InputBufferBytes = 16 * 1024;

    /// <summary>Control messages are tiny; anything larger is not one.</summary>
    private const int MaxControlMessageBytes = 4 * 1024;

    private static readonly TimeSpan CloseHandshakeTimeout = TimeSpan.FromSeconds(5);

    // A WebSocket takes one send at a time; output and pong replies come from different loops.
    private readonly SemaphoreSlim _sendGate = new(1, 1);

    public async Task RunAsync(CancellationToken requestAborted)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        var output = Task.CompletedTask;
        var input = Task.CompletedTask;
        try
        {
            await SendAsync(TerminalMessages.Session(attachment.Session, attachment.IsNewSession), WebSocketMessageType.Text, stop.Token);
            for (var offset = 0; offset < attachment.Replay.Length; offset += OutputFrameBytes)
            {
                var frame = attachment.Replay.Slice(offset, Math.Min(OutputFrameBytes, attachment.Replay.Length - offset));
                await SendAsync(frame, WebSocketMessageType.Binary, stop.Token);
            }

            await SendAsync(TerminalMessages.ReplayEnd(), WebSocketMessageType.Text, stop.Token);

            output = PumpOutputAsync(stop.Token);
            input = PumpInputAsync(stop.Token);
            if (await Task.WhenAny(output, input) == input)
            {
                // The browser closed or dropped: detach, which ends the output loop, and let it answer the close.
                attachment.Dispose();
                await output;
            }
            else
            {
                await output;
                // The server closed (exit, taken over): give the browser a moment to answer the close frame.
                await input.WaitAsync(CloseHandshakeTimeout, stop.Token);
            }
        }
        catch (Exception ex) when (IsSocketEnd(ex))
        {
            LogSocketEnded(logger, ShortId(attachment.Session.Id), ex.GetBaseException().Message);
        }
        finally
        {
            attachment.Dispose();
            // Cancelling a pending receive aborts the socket, so neither loop outlives the request.
            await stop.CancelAsync();
            await ObserveAsync(output);
            await ObserveAsync(input);
        }
    }

    private async Task PumpOutputAsync(CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(OutputFrameBytes);
        try
        {
            while (true)
            {
                var count = await attachment.ReadOutputAsync(buffer.AsMemory(0, OutputFrameBytes), cancellationToken);
                if (count == 0)
                {
                    break;
                }

                await SendAsync(buffer.AsMemory(0, count), WebSocketMessageType.Binary, cancellationToken);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (attachment.IsTakenOver)
        {
            await SendAsync(TerminalMessages.TakenOver(), WebSocketMessageType.Text, cancellationToken);
            await CloseAsync(TerminalCloseCodes.TakenOver, "taken-over", cancellationToken);
        }
        else if (attachment.Session.Exit is { } exit && socket.State == WebSocketState.Open)
        {
            await SendAsync(TerminalMessages.Exit(exit), WebSocketMessageType.Text, cancellationToken);
            await CloseAsync(TerminalCloseCodes.Exited, "exited", cancellationToken);
        }
        else if (socket.State == WebSocketState.CloseReceived)
        {
            await CloseAsync(WebSocketCloseStatus.NormalClosure, "detached", cancellationToken);
        }
    }

    private async Task PumpInputAsync(CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(InputBufferBytes);
        var control = new ArrayBufferWriter<byte>(256);
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer.AsMemory(0, InputBufferBytes), cancellationToken);
                switch (result.MessageType)
                {
                    case WebSocketMessageType.Close:
                        return;
                    case WebSocketMessageType.Binary:
                        // Keystrokes and pastes go through as they are; a paste larger than the buffer arrives in pieces.
                        await attachment.WriteInputAsync(buffer.AsMemory(0, result.Count), cancellationToken);
                        continue;
                }

                if (control.WrittenCount + result.Count > MaxControlMessageBytes)
                {
                    await CloseAsync(WebSocketCloseStatus.MessageTooBig, "control message too big", cancellationToken);
                    return;
                }

                control.Write(buffer.AsSpan(0, result.Count));
                if (!result.EndOfMessage)
                {
                    continue;
                }

                var handled = await HandleControlAsync(control.WrittenMemory, cancellationToken);
                control.ResetWrittenCount();
                if (!handled)
                {
                    await CloseAsync(WebSocketCloseStatus.InvalidPayloadData, "invalid control message", cancellationToken);
                    return;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Applies one control message; false when it is not a JSON object with a string <c>type</c>.</summary>
    private async Task<bool> HandleControlAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        string? type;
        TerminalSize size = default;
        try
        {
            using var document = JsonDocument.Parse(message);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("type", out var typeElement)
                || typeElement.ValueKind != JsonValueKind.String)
            {
                return false;
            }

            type = typeElement.GetString();
            if (type == "resize")
            {
                size = new TerminalSize(ReadInt(root, "cols"), ReadInt(root, "rows"));
            }
        }
        catch (JsonException)
        {
            return false;
        }

        switch (type)
        {
            case "resize":
                // Zero-sized terminals (a hidden tab measured by fit) are ignored rather than applied.
                await attachment.ResizeAsync(size, cancellationToken);
                break;
            case "ping":
                await SendAsync(TerminalMessages.Pong(), WebSocketMessageType.Text, cancellationToken);
                break;
            case "close":
                await attachment.CloseSessionAsync();
                break;
            default:
                LogUnknownMessage(logger, ShortId(attachment.Session.Id), type ?? string.Empty);
                break;
        }

        return true;
    }

    private static bool IsSocketEnd(Exception ex) =>
        ex is WebSocketException or OperationCanceledException or IOException or TimeoutException;

    private async Task ObserveAsync(Task loop)
    {
        try
        {
            await loop;
        }
        catch (Exception ex) when (IsSocketEnd(ex))
        {
            LogSocketEnded(logger, ShortId(attachment.Session.Id), ex.GetBaseException().Message);
        }
    }

    private static int ReadInt(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : 0;

    private async Task SendAsync(ReadOnlyMemory<byte> data, WebSocketMessageType type, CancellationToken cancellationToken)
    {
        await _sendGate.WaitAsync(cancellationToken);
        try
        {
            await socket.SendAsync(data, type, endOfMessage: true, cancellationToken);
        }
        finally
        {
            _sendGate.Release();
        }
    }

    private async Task CloseAsync(WebSocketCloseStatus status, string description, CancellationToken cancellationToken)
    {
        await _sendGate.WaitAsync(cancellationToken);
        try
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await socket.CloseOutputAsync(status, description, cancellationToken);
            }
        }
        finally
        {
            _sendGate.Release();
        }
    }

    private static string ShortId(string id) => id.Length > 12 ? id[..12] : id;

    [LoggerMessage(Level = LogLevel.Debug, Message = "Terminal {SessionId} socket ended: {Reason}")]
    private static partial void LogSocketEnded(ILogger logger, string sessionId, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Terminal {SessionId} ignored a control message of type '{Type}'")]
    private static partial void LogUnknownMessage(ILogger logger, string sessionId, string type);
}
