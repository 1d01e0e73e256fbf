using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Portal.Benchmarks;

/// <summary>
/// Browser terminals against the raw Docker exec API (Docker.DotNet, TTY, hijacked stream) in one run, on one
/// portal/python container: bulk throughput of a flood of output, keystroke echo latency through <c>cat</c> in raw
/// mode, and the time to open a terminal (connect to first output). The portal side is the real portal process and a
/// <see cref="ClientWebSocket"/>, as a browser would connect. Echoes also go through a <see cref="MinimalTerminalRelay"/>
/// (Kestrel + WebSockets + Docker.DotNet and nothing else, its own process): the floor of the portal's stack, so the
/// report separates what the extra hop costs from what the portal's own work costs.
///   dotnet Portal.Benchmarks.dll terminal [--megabytes 200] [--runs 3] [--echoes 2000] [--opens 20] [--warmup 3]
/// </summary>
internal sealed class TerminalBenchmark : IAsyncDisposable
{
    private const string Image = "portal/python:latest";
    private const string Ready = "READY";

    /// <summary>cat echoes each byte as it comes: no line discipline, no shell, only the terminal path.</summary>
    private const string EchoCommand = "stty raw -echo; printf " + Ready + "; exec cat";

    private static readonly string[] Shell = ["/bin/bash"];

    private readonly BenchmarkPortal _portal;
    private readonly MinimalTerminalRelayProcess _relay;
    private readonly string _containerId;

    private TerminalBenchmark(BenchmarkPortal portal, MinimalTerminalRelayProcess relay, string containerId)
    {
        _portal = portal;
        _relay = relay;
        _containerId = containerId;
    }

    /// <summary>The <c>terminal</c> mode of the benchmark program: parses its options, runs, prints the report.</summary>
    public static async Task<int> MainAsync(string[] args, CancellationToken cancellationToken)
    {
        var megabytes = BenchmarkOptions.Read(args, "--megabytes", 200);
        var runs = BenchmarkOptions.Read(args, "--runs", 3);
        var echoes = BenchmarkOptions.Read(args, "--echoes", 2000);
        var opens = BenchmarkOptions.Read(args, "--opens", 20);
        var warmup = BenchmarkOptions.Read(args, "--warmup", 3);
        if (megabytes < 1 || runs < 1 || echoes < 10 || opens < 1 || warmup < 0)
        {
            await Console.Error.WriteLineAsync("usage: Portal.Benchmarks terminal [--megabytes N>=1] [--runs N>=1] [--echoes N>=10] [--opens N>=1] [--warmup N>=0]");
            return 2;
        }

        await using var benchmark = await StartAsync(cancellationToken);
        Console.WriteLine(await benchmark.RunAsync(megabytes * 1_000_000L, runs, echoes, opens, warmup, cancellationToken));
        return 0;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _relay.DisposeAsync();
        }
        finally
        {
            await _portal.DisposeAsync();
        }
    }

    private static async Task<TerminalBenchmark> StartAsync(CancellationToken cancellationToken)
    {
        var portal = await BenchmarkPortal.StartAsync(
            "bterm",
            (_, _) => Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>
            {
                ["Gpus__Source"] = "None",
                ["Terminals__MaxSessionsPerUser"] = "8",
            }),
            cancellationToken);
        MinimalTerminalRelayProcess? relay = null;
        try
        {
            var containerId = await portal.LaunchAsync(new { name = "term-bench", image = Image, command = new[] { "sleep", "3600" } }, cancellationToken);
            relay = await MinimalTerminalRelayProcess.StartAsync(cancellationToken);
            return new TerminalBenchmark(portal, relay, containerId);
        }
        catch
        {
            if (relay is not null)
            {
                await relay.DisposeAsync();
            }

            await portal.DisposeAsync();
            throw;
        }
    }

    private async Task<string> RunAsync(long bytes, int runs, int echoes, int opens, int warmup, CancellationToken cancellationToken)
    {
        var throughput = (Portal: new List<double>(), Raw: new List<double>());
        var flood = $"head -c {bytes.ToString(CultureInfo.InvariantCulture)} /dev/zero | tr '\\0' a";
        // One short untimed flood each way warms both paths (JIT, connection pools, page cache).
        await PortalFloodAsync($"head -c 1000000 /dev/zero | tr '\\0' a", 1_000_000, cancellationToken);
        await RawFloodAsync($"head -c 1000000 /dev/zero | tr '\\0' a", 1_000_000, cancellationToken);
        for (var run = 0; run < runs; run++)
        {
            // Alternate which goes first, so neither always runs on a warmer machine.
            if (run % 2 == 0)
            {
                throughput.Portal.Add(await PortalFloodAsync(flood, bytes, cancellationToken));
                throughput.Raw.Add(await RawFloodAsync(flood, bytes, cancellationToken));
            }
            else
            {
                throughput.Raw.Add(await RawFloodAsync(flood, bytes, cancellationToken));
                throughput.Portal.Add(await PortalFloodAsync(flood, bytes, cancellationToken));
            }
        }

        var echo = await EchoAsync(echoes, warmup * 50, cancellationToken);
        var open = await OpenAsync(opens, warmup, cancellationToken);
        var version = await _portal.Docker.System.GetVersionAsync(cancellationToken);
        return Report(bytes, runs, throughput, echo, open, version);
    }

    /// <summary>Streams <paramref name="bytes"/> of output through the portal's socket; MB/s from first to last byte.</summary>
    private async Task<double> PortalFloodAsync(string command, long bytes, CancellationToken cancellationToken)
    {
        using var socket = await ConnectAsync("command=" + Uri.EscapeDataString(command), cancellationToken);
        var buffer = new byte[64 * 1024];
        long received = 0;
        Stopwatch? clock = null;
        TimeSpan? elapsed = null;
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Binary)
            {
                clock ??= Stopwatch.StartNew();
                received += result.Count;
                if (received >= bytes && elapsed is null)
                {
                    elapsed = clock.Elapsed;
                }
            }
            else if (result.MessageType == WebSocketMessageType.Close || IsExit(buffer, result))
            {
                break;
            }
        }

        await CloseQuietlyAsync(socket, cancellationToken);
        return Rate(received, bytes, elapsed, "portal");
    }

    private async Task<double> RawFloodAsync(string command, long bytes, CancellationToken cancellationToken)
    {
        var (_, stream) = await StartRawAsync(["/bin/sh", "-c", command], cancellationToken);
        using var _ = stream;
        var buffer = new byte[64 * 1024];
        long received = 0;
        Stopwatch? clock = null;
        TimeSpan? elapsed = null;
        while (true)
        {
            var result = await stream.ReadOutputAsync(buffer, 0, buffer.Length, cancellationToken);
            if (result.EOF)
            {
                break;
            }

            clock ??= Stopwatch.StartNew();
            received += result.Count;
            if (received >= bytes && elapsed is null)
            {
                elapsed = clock.Elapsed;
            }
        }

        return Rate(received, bytes, elapsed, "raw");
    }

    /// <summary>
    /// One keystroke at a time to <c>cat</c> in raw mode through each path in turn, each timed to its echo; then a ping
    /// to the portal, timed to its pong. The order runs through all six permutations, so each path comes first, second
    /// and last, and after each of the others, equally often.
    /// </summary>
    private async Task<EchoSeries> EchoAsync(int samples, int warmup, CancellationToken cancellationToken)
    {
        var series = new EchoSeries(
            new LatencySeries("portal WebSocket"),
            new LatencySeries("raw Docker exec stream"),
            new LatencySeries("minimal Kestrel relay"),
            new LatencySeries("portal WebSocket ping/pong"));
        var ping = "{\"type\":\"ping\"}"u8.ToArray();
        using var socket = await ConnectAsync("command=" + Uri.EscapeDataString(EchoCommand), cancellationToken);
        await ReadUntilAsync(socket, "the portal", Ready, cancellationToken);
        var (_, stream) = await StartRawAsync(["/bin/sh", "-c", EchoCommand], cancellationToken);
        using var __ = stream;
        await RawReadUntilAsync(stream, Ready, cancellationToken);
        using var relay = await ConnectRelayAsync(["/bin/sh", "-c", EchoCommand], cancellationToken);
        await ReadUntilAsync(relay, "the minimal relay", Ready, cancellationToken);

        var buffer = new byte[64 * 1024];
        async Task<TimeSpan> WebSocketEchoAsync(ClientWebSocket target, byte key)
        {
            var clock = Stopwatch.StartNew();
            await target.SendAsync(new[] { key }, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken);
            ValueWebSocketReceiveResult received;
            do
            {
                received = await target.ReceiveAsync(buffer.AsMemory(), cancellationToken);
            }
            while (received.MessageType != WebSocketMessageType.Binary);

            var elapsed = clock.Elapsed;
            Expect(buffer[0] == key && received.Count == 1, $"a WebSocket echoed {received.Count} bytes starting {buffer[0]} for {key}");
            return elapsed;
        }

        async Task<TimeSpan> RawEchoAsync(byte key)
        {
            var clock = Stopwatch.StartNew();
            await stream.WriteAsync([key], 0, 1, cancellationToken);
            var read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, cancellationToken);
            var elapsed = clock.Elapsed;
            Expect(read.Count == 1 && buffer[0] == key, $"raw echoed {read.Count} bytes starting {buffer[0]} for {key}");
            return elapsed;
        }

        var paths = new (LatencySeries Series, Func<byte, Task<TimeSpan>> Echo)[]
        {
            (series.Portal, key => WebSocketEchoAsync(socket, key)),
            (series.Raw, RawEchoAsync),
            (series.Relay, key => WebSocketEchoAsync(relay, key)),
        };
        int[][] orders = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];
        for (var i = 0; i < warmup + samples; i++)
        {
            var key = (byte)('a' + (i % 26));
            foreach (var index in orders[i % orders.Length])
            {
                var (target, echo) = paths[index];
                var elapsed = await echo(key);
                if (i >= warmup)
                {
                    target.Add(elapsed);
                }
            }

            var clock = Stopwatch.StartNew();
            await socket.SendAsync(ping, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
            ValueWebSocketReceiveResult pong;
            do
            {
                pong = await socket.ReceiveAsync(buffer.AsMemory(), cancellationToken);
            }
            while (pong.MessageType != WebSocketMessageType.Text);

            Expect(TypeOf(buffer, pong) == "pong", $"the portal answered a ping with {Encoding.UTF8.GetString(buffer, 0, pong.Count)}");

            if (i >= warmup)
            {
                series.Transport.Add(clock.Elapsed);
            }
        }

        await socket.SendAsync(new[] { (byte)4 }, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken);
        await CloseQuietlyAsync(socket, cancellationToken);
        await CloseQuietlyAsync(relay, cancellationToken);
        return series;
    }

    /// <summary>Opens bash both ways, timed to its first output (the prompt), then exits it (untimed).</summary>
    private async Task<(LatencySeries Portal, LatencySeries Raw)> OpenAsync(int opens, int warmup, CancellationToken cancellationToken)
    {
        var portal = new LatencySeries("portal WebSocket (bash)");
        var raw = new LatencySeries("raw Docker exec (bash)");
        for (var round = 0; round < warmup + opens; round++)
        {
            TimeSpan portalElapsed;
            TimeSpan rawElapsed;
            if (round % 2 == 0)
            {
                portalElapsed = await OpenPortalAsync(cancellationToken);
                rawElapsed = await OpenRawAsync(cancellationToken);
            }
            else
            {
                rawElapsed = await OpenRawAsync(cancellationToken);
                portalElapsed = await OpenPortalAsync(cancellationToken);
            }

            if (round >= warmup)
            {
                portal.Add(portalElapsed);
                raw.Add(rawElapsed);
            }
        }

        return (portal, raw);
    }

    private async Task<TimeSpan> OpenPortalAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var socket = await ConnectAsync(null, cancellationToken);
        var buffer = new byte[64 * 1024];
        while ((await socket.ReceiveAsync(buffer.AsMemory(), cancellationToken)).MessageType != WebSocketMessageType.Binary)
        {
        }

        var elapsed = clock.Elapsed;
        await socket.SendAsync("exit\r"u8.ToArray(), WebSocketMessageType.Binary, endOfMessage: true, cancellationToken);
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close || IsExit(buffer, result))
            {
                break;
            }
        }

        await CloseQuietlyAsync(socket, cancellationToken);
        return elapsed;
    }

    private async Task<TimeSpan> OpenRawAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var (_, stream) = await StartRawAsync(Shell, cancellationToken);
        using var _ = stream;
        var buffer = new byte[64 * 1024];
        await stream.ReadOutputAsync(buffer, 0, buffer.Length, cancellationToken);
        var elapsed = clock.Elapsed;
        await stream.WriteAsync("exit\r"u8.ToArray(), 0, 5, cancellationToken);
        while (!(await stream.ReadOutputAsync(buffer, 0, buffer.Length, cancellationToken)).EOF)
        {
        }

        return elapsed;
    }

    private async Task<(string ExecId, MultiplexedStream Stream)> StartRawAsync(IList<string> command, CancellationToken cancellationToken)
    {
        var exec = await _portal.Docker.Exec.CreateContainerExecAsync(_containerId, ExecParameters(command), cancellationToken);
        var stream = await _portal.Docker.Exec.StartContainerExecAsync(exec.ID, new ContainerExecStartParameters { TTY = true, Detach = false }, cancellationToken);
        return (exec.ID, stream);
    }

    /// <summary>Creates an exec like <see cref="StartRawAsync"/> and has the minimal relay start it behind a WebSocket.</summary>
    private static ContainerExecCreateParameters ExecParameters(IList<string> command) => new()
    {
        AttachStdin = true,
        AttachStdout = true,
        AttachStderr = true,
        TTY = true,
        Cmd = command,
        Env = ["TERM=xterm-256color"],
    };

    private async Task<ClientWebSocket> ConnectRelayAsync(IList<string> command, CancellationToken cancellationToken)
    {
        var exec = await _portal.Docker.Exec.CreateContainerExecAsync(_containerId, ExecParameters(command), cancellationToken);
        var socket = new ClientWebSocket();
        try
        {
            await socket.ConnectAsync(new UriBuilder(_relay.BaseAddress) { Scheme = "ws", Path = "/relay/" + exec.ID }.Uri, cancellationToken);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async Task<ClientWebSocket> ConnectAsync(string? query, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", "Bearer " + _portal.MemberToken);
        var uri = new UriBuilder(_portal.BaseAddress) { Scheme = "ws", Path = $"/api/v1/containers/{_containerId}/terminal", Query = query ?? string.Empty }.Uri;
        try
        {
            await socket.ConnectAsync(uri, cancellationToken);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static async Task ReadUntilAsync(ClientWebSocket socket, string who, string text, CancellationToken cancellationToken)
    {
        var seen = new StringBuilder();
        var buffer = new byte[64 * 1024];
        while (!seen.ToString().Contains(text, StringComparison.Ordinal))
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(), cancellationToken);
            Expect(result.MessageType != WebSocketMessageType.Close, $"{who} closed before '{text}': {seen}");
            if (result.MessageType == WebSocketMessageType.Binary)
            {
                seen.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
            }
        }
    }

    private static async Task RawReadUntilAsync(MultiplexedStream stream, string text, CancellationToken cancellationToken)
    {
        var seen = new StringBuilder();
        var buffer = new byte[64 * 1024];
        while (!seen.ToString().Contains(text, StringComparison.Ordinal))
        {
            var result = await stream.ReadOutputAsync(buffer, 0, buffer.Length, cancellationToken);
            Expect(!result.EOF, $"the exec ended before '{text}': {seen}");
            seen.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
        }
    }

    private static bool IsExit(byte[] buffer, ValueWebSocketReceiveResult result) =>
        result.MessageType == WebSocketMessageType.Text && TypeOf(buffer, result) is "exit" or "error";

    /// <summary>The <c>type</c> of a control message the portal sent.</summary>
    private static string? TypeOf(byte[] buffer, ValueWebSocketReceiveResult result)
    {
        using var json = JsonDocument.Parse(buffer.AsMemory(0, result.Count));
        return json.RootElement.GetProperty("type").GetString();
    }

    private static async Task CloseQuietlyAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        try
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", cancellationToken);
            }
        }
        catch (WebSocketException)
        {
            // The server closed first.
        }
    }

    private static double Rate(long received, long expected, TimeSpan? elapsed, string side)
    {
        Expect(received == expected && elapsed is not null, $"{side}: received {received} of {expected} bytes");
        return expected / 1e6 / elapsed!.Value.TotalSeconds;
    }

    private static void Expect(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException(message);
        }
    }

    private string Report(
        long bytes,
        int runs,
        (List<double> Portal, List<double> Raw) throughput,
        EchoSeries echo,
        (LatencySeries Portal, LatencySeries Raw) open,
        VersionResponse version)
    {
        static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
        var portalRate = Median(throughput.Portal);
        var rawRate = Median(throughput.Raw);
        var report = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        report.AppendLine(c, $"Terminal benchmark: {Image} on Docker {version.Version} (API {version.APIVersion}); {Environment.ProcessorCount} CPUs.");
        report.AppendLine("Portal: the real portal process (this build), ClientWebSocket with a bearer token over loopback TCP.");
        report.AppendLine("Raw: Docker.DotNet exec with a TTY on its hijacked stream, same container, same run.");
        report.AppendLine("Minimal relay: Kestrel + ASP.NET Core WebSockets + Docker.DotNet bridging one socket to one exec, nothing else, its own process.");
        report.AppendLine();
        void Row(string measure, string portal, string raw, string ratio, string target) =>
            report.AppendLine(c, $"| {measure,-44} | {portal,8} | {raw,8} | {ratio,10} | {target,-7} |");
        string Ms(double value) => value.ToString("0.000", c);
        string Ratio(double portal, double raw) => (portal / raw).ToString("0.00", c) + "x";

        Row("measure", "portal", "raw", "portal/raw", "target");
        report.AppendLine("|----------------------------------------------|----------|----------|------------|---------|");
        Row($"throughput MB/s ({bytes / 1_000_000} MB, median of {runs})", portalRate.ToString("0.0", c), rawRate.ToString("0.0", c), Ratio(portalRate, rawRate), ">= 0.8x");
        Row($"echo p50 ms (n={echo.Portal.Count})", Ms(echo.Portal.Percentile(50)), Ms(echo.Raw.Percentile(50)), Ratio(echo.Portal.Percentile(50), echo.Raw.Percentile(50)), "<= 1.5x");
        Row("echo p99 ms", Ms(echo.Portal.Percentile(99)), Ms(echo.Raw.Percentile(99)), Ratio(echo.Portal.Percentile(99), echo.Raw.Percentile(99)), string.Empty);
        Row("WebSocket ping/pong p50 ms (no Docker)", Ms(echo.Transport.Percentile(50)), "-", "-", string.Empty);
        Row($"open to first output p50 ms (n={open.Portal.Count})", open.Portal.Percentile(50).ToString("0.0", c), open.Raw.Percentile(50).ToString("0.0", c), Ratio(open.Portal.Percentile(50), open.Raw.Percentile(50)), "<= 1.2x");
        Row("open to first output p95 ms", open.Portal.Percentile(95).ToString("0.0", c), open.Raw.Percentile(95).ToString("0.0", c), Ratio(open.Portal.Percentile(95), open.Raw.Percentile(95)), string.Empty);
        report.AppendLine();
        report.AppendLine("The stack's floor: the same keystrokes through the minimal relay, in the same run.");
        report.AppendLine();
        report.AppendLine("| echo through the minimal relay | relay ms | raw ms | relay/raw | portal/relay |");
        report.AppendLine("|--------------------------------|----------|--------|-----------|--------------|");
        foreach (var percent in new[] { 50, 99 })
        {
            var relay = echo.Relay.Percentile(percent);
            report.AppendLine(c, $"| p{percent,-29} | {Ms(relay),8} | {Ms(echo.Raw.Percentile(percent)),6} | {Ratio(relay, echo.Raw.Percentile(percent)),9} | {Ratio(echo.Portal.Percentile(percent), relay),12} |");
        }

        report.AppendLine();
        report.AppendLine(c, $"Throughput runs, portal: {string.Join(", ", throughput.Portal.Select(r => r.ToString("0.0", c)))} MB/s; raw: {string.Join(", ", throughput.Raw.Select(r => r.ToString("0.0", c)))} MB/s.");
        return report.ToString();
    }
}
