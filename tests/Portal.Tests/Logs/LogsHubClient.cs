using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Logs;

/// <summary>A script's view of <c>/hubs/logs</c>: one connection, one <c>Follow</c> stream read as raw JSON.</summary>
internal sealed class LogsHubClient : IAsyncDisposable
{
    private readonly HubConnection _connection;
    private readonly CancellationTokenSource _cancel = new();
    private IAsyncEnumerator<JsonElement>? _batches;
    private Task<bool> _pending = Task.FromResult(false);

    private LogsHubClient(HubConnection connection)
    {
        _connection = connection;
    }

    public List<JsonElement> Batches { get; } = [];

    /// <summary>Every line received so far, the first batch's first.</summary>
    public List<JsonElement> Lines { get; } = [];

    public IEnumerable<string> Texts => Lines.Select(l => l.GetProperty("text").GetString()!);

    /// <summary>Connects over WebSockets; the token goes as a bearer header unless <paramref name="configure"/> says otherwise.</summary>
    public static async Task<LogsHubClient> ConnectAsync(Uri server, string? token, Action<HttpConnectionOptions>? configure = null, string path = "/hubs/logs")
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server, path), options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                if (token is not null)
                {
                    options.AccessTokenProvider = () => Task.FromResult<string?>(token);
                }

                configure?.Invoke(options);
            })
            .Build();
        try
        {
            await connection.StartAsync().WithTimeout();
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        return new LogsHubClient(connection);
    }

    /// <summary>The status code a connection attempt was refused with.</summary>
    public static async Task<HttpStatusCode?> RefusedStatusAsync(Uri server, string? token, Action<HttpConnectionOptions>? configure = null)
    {
        var refused = await Assert.ThrowsAsync<HttpRequestException>(async () => await ConnectAsync(server, token, configure));
        return refused.StatusCode;
    }

    /// <summary>Calls <c>Follow</c> and returns the first batch (the snapshot).</summary>
    public async Task<JsonElement> FollowAsync(string containerId, int tail)
    {
        _batches = _connection.StreamAsync<JsonElement>("Follow", containerId, tail, _cancel.Token).GetAsyncEnumerator(_cancel.Token);
        Assert.True(await NextAsync(), "The stream ended before its first batch.");
        Add(_batches.Current);
        return _batches.Current;
    }

    public async Task ReadLinesAsync(int count)
    {
        while (Lines.Count < count)
        {
            Assert.True(await NextAsync(), $"The stream ended after {Lines.Count} lines.");
            Add(_batches!.Current);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _cancel.CancelAsync();
        if (_batches is not null)
        {
            try
            {
                // The client's enumerator cannot be disposed while a read is in flight.
                await _pending.WaitAsync(TestTimeout.Default);
            }
            catch (Exception ex) when (ex is OperationCanceledException or HubException)
            {
                // Cancelling the stream is how a script stops following.
            }

            await _batches.DisposeAsync();
        }

        await _connection.DisposeAsync();
        _cancel.Dispose();
    }

    private Task<bool> NextAsync()
    {
        _pending = _batches!.MoveNextAsync().AsTask();
        return _pending.WithTimeout();
    }

    private void Add(JsonElement batch)
    {
        Batches.Add(batch);
        Lines.AddRange(batch.GetProperty("lines").EnumerateArray());
    }
}
