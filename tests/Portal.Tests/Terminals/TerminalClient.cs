using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Terminals;

/// <summary>
/// A browser's side of the terminal protocol over a real <see cref="ClientWebSocket"/>: a receive loop records every
/// byte of output and every control message, and the waits poll that record with a timeout. Reading can be paused
/// to play a browser that falls behind.
/// </summary>
internal sealed class TerminalClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly Lock _gate = new();
    private readonly MemoryStream _output = new();
    private readonly List<JsonElement> _messages = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _receiving;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource? _resume;
    private bool _closed;

    private TerminalClient(ClientWebSocket socket)
    {
        _socket = socket;
        _receiving = Task.Run(ReceiveAsync);
    }

    /// <summary>A longer wait than <see cref="TestTimeout.Default"/> is never needed: each step is a shell round trip.</summary>
    public static TimeSpan Timeout { get; } = TimeSpan.FromSeconds(20);

    public WebSocketCloseStatus? CloseStatus { get; private set; }

    public string? CloseDescription { get; private set; }

    public long OutputLength
    {
        get
        {
            lock (_gate)
            {
                return _output.Length;
            }
        }
    }

    public static Uri TerminalUri(Uri server, string containerId, string? query) =>
        new UriBuilder(server) { Scheme = "ws", Path = $"/api/v1/containers/{containerId}/terminal", Query = query ?? string.Empty }.Uri;

    public static async Task<TerminalClient> ConnectAsync(Uri server, string containerId, string? token, string? query = null, string? origin = null, CookieContainer? cookies = null)
    {
        var socket = Create(token, origin, cookies);
        try
        {
            await socket.ConnectAsync(TerminalUri(server, containerId, query), TestTimeout.Token());
        }
        catch (WebSocketException ex)
        {
            socket.Dispose();
            throw new InvalidOperationException($"The upgrade was refused with {socket.HttpStatusCode}.", ex);
        }

        return new TerminalClient(socket);
    }

    /// <summary>Tries an upgrade that must be refused and returns the HTTP status the server answered.</summary>
    public static async Task<HttpStatusCode> RefusedStatusAsync(Uri server, string containerId, string? token, string? query = null, string? origin = null, CookieContainer? cookies = null)
    {
        using var socket = Create(token, origin, cookies);
        var error = await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(TerminalUri(server, containerId, query), TestTimeout.Token()));
        Assert.NotNull(error);
        return socket.HttpStatusCode;
    }

    /// <summary>Opens a session and waits for its <c>session</c> and <c>replay-end</c> messages; returns the session id.</summary>
    public static async Task<(TerminalClient Client, string SessionId)> OpenAsync(Uri server, string containerId, string? token, string? query = null)
    {
        var client = await ConnectAsync(server, containerId, token, query);
        var session = await client.WaitForMessageAsync("session");
        await client.WaitForMessageAsync("replay-end");
        return (client, session.GetProperty("id").GetString()!);
    }

    public async Task<JsonElement> WaitForMessageAsync(string type)
    {
        JsonElement? found = null;
        await WaitUntilAsync(() => (found = Find(type)) is not null, $"a '{type}' message");
        return found!.Value;
    }

    public IReadOnlyList<JsonElement> Messages()
    {
        lock (_gate)
        {
            return [.. _messages];
        }
    }

    /// <summary>Waits until <paramref name="text"/> appears in the output after byte <paramref name="from"/>; returns the offset just after it.</summary>
    public async Task<long> WaitForOutputAsync(string text, long from = 0)
    {
        var needle = Encoding.UTF8.GetBytes(text);
        long end = -1;
        var searched = from;
        await WaitUntilAsync(
            () =>
            {
                lock (_gate)
                {
                    var data = _output.GetBuffer().AsSpan(0, (int)_output.Length);
                    var start = (int)Math.Max(from, searched - needle.Length);
                    var index = data[start..].IndexOf(needle);
                    searched = data.Length;
                    if (index < 0)
                    {
                        return false;
                    }

                    end = start + index + needle.Length;
                    return true;
                }
            },
            $"output '{text}' (output so far ends with: {Tail()})");
        return end;
    }

    public Task WaitForOutputLengthAsync(long length, TimeSpan timeout) =>
        WaitUntilAsync(() => OutputLength >= length, $"{length} bytes of output", timeout);

    public Task WaitForCloseAsync() => WaitUntilAsync(() => { lock (_gate) { return _closed; } }, "the socket to close");

    public byte[] Output()
    {
        lock (_gate)
        {
            return _output.ToArray();
        }
    }

    public Task SendKeysAsync(string keys) => SendBytesAsync(Encoding.UTF8.GetBytes(keys));

    public async Task SendBytesAsync(byte[] bytes) =>
        await _socket.SendAsync(bytes, WebSocketMessageType.Binary, endOfMessage: true, TestTimeout.Token());

    public async Task SendControlAsync(object message) =>
        await _socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(message), WebSocketMessageType.Text, endOfMessage: true, TestTimeout.Token());

    public async Task SendRawTextAsync(string text) =>
        await _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, TestTimeout.Token());

    /// <summary>Stops reading the socket, as a browser tab that is busy or throttled: the server's sends back up.</summary>
    public void PauseReading()
    {
        lock (_gate)
        {
            _resume ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public void ResumeReading()
    {
        TaskCompletionSource? resume;
        lock (_gate)
        {
            resume = _resume;
            _resume = null;
        }

        resume?.TrySetResult();
    }

    /// <summary>Closes like a browser tab that goes away: a close frame, no exit. The session is detached, not ended.</summary>
    public async Task CloseAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", TestTimeout.Token());
        }

        await WaitForCloseAsync();
    }

    public async ValueTask DisposeAsync()
    {
        ResumeReading();
        await _stop.CancelAsync();
        try
        {
            await _receiving.WaitAsync(TestTimeout.Default);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
        }

        _socket.Dispose();
        _stop.Dispose();
    }

    private static ClientWebSocket Create(string? token, string? origin, CookieContainer? cookies)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.Cookies = cookies;
        if (token is not null)
        {
            socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
        }

        if (origin is not null)
        {
            socket.Options.SetRequestHeader("Origin", origin);
        }

        return socket;
    }

    private JsonElement? Find(string type)
    {
        lock (_gate)
        {
            foreach (var message in _messages)
            {
                if (message.TryGetProperty("type", out var value) && value.GetString() == type)
                {
                    return message;
                }
            }

            return null;
        }
    }

    private string Tail()
    {
        lock (_gate)
        {
            var length = (int)Math.Min(200, _output.Length);
            return Encoding.UTF8.GetString(_output.GetBuffer().AsSpan((int)_output.Length - length, length));
        }
    }

    private async Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Timeout);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                changed = _changed.Task;
            }

            if (condition())
            {
                return;
            }

            bool closed;
            lock (_gate)
            {
                closed = _closed;
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || (closed && changed.IsCompleted))
            {
                Assert.Fail($"Timed out waiting for {what}; closed: {closed} ({CloseStatus} {CloseDescription}); messages: {string.Join(", ", Messages())}");
            }

            await Task.WhenAny(changed, Task.Delay(left));
        }
    }

    private void Changed()
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        var text = new MemoryStream();
        try
        {
            while (true)
            {
                Task? resume;
                lock (_gate)
                {
                    resume = _resume?.Task;
                }

                if (resume is not null)
                {
                    await resume.WaitAsync(_stop.Token);
                }

                var result = await _socket.ReceiveAsync(buffer.AsMemory(), _stop.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    CloseStatus = _socket.CloseStatus;
                    CloseDescription = _socket.CloseStatusDescription;
                    if (_socket.State == WebSocketState.CloseReceived)
                    {
                        await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", _stop.Token);
                    }

                    return;
                }

                if (result.MessageType == WebSocketMessageType.Binary)
                {
                    lock (_gate)
                    {
                        _output.Write(buffer, 0, result.Count);
                    }
                }
                else
                {
                    text.Write(buffer, 0, result.Count);
                    if (result.EndOfMessage)
                    {
                        using var document = JsonDocument.Parse(text.ToArray());
                        lock (_gate)
                        {
                            _messages.Add(document.RootElement.Clone());
                        }

                        text.SetLength(0);
                    }
                }

                Changed();
            }
        }
        finally
        {
            lock (_gate)
            {
                _closed = true;
            }

            Changed();
        }
    }
}
