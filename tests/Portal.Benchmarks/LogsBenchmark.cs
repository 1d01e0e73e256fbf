using System.Diagnostics;
using System.Globalization;
using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Portal.Benchmarks;

/// <summary>
/// Live logs through the portal's SignalR hub against following the raw Docker log stream, in one run, on one
/// portal/python container that writes numbered lines stamped with their write time at a fixed rate. Every line's
/// write-to-receive latency is taken on each hub client and on the raw follower; the portal's resident memory is read
/// before, during and after.
///   dotnet Portal.Benchmarks.dll logs [--rate 10000] [--seconds 20] [--clients 20]
/// </summary>
internal sealed class LogsBenchmark : IAsyncDisposable
{
    private const string Image = "portal/python:latest";
    private const string GoFile = "/tmp/go";
    private const string EndMarker = "END";
    private const int BufferLines = 10_000;

    private readonly BenchmarkPortal _portal;
    private readonly string _containerId;
    private readonly long _total;

    private LogsBenchmark(BenchmarkPortal portal, string containerId, long total)
    {
        _portal = portal;
        _containerId = containerId;
        _total = total;
    }

    /// <summary>The <c>logs</c> mode of the benchmark program: parses its options, runs, prints the report.</summary>
    public static async Task<int> MainAsync(string[] args, CancellationToken cancellationToken)
    {
        var rate = BenchmarkOptions.Read(args, "--rate", 10_000);
        var seconds = BenchmarkOptions.Read(args, "--seconds", 20);
        var clients = BenchmarkOptions.Read(args, "--clients", 20);
        if (rate < 1 || seconds < 1 || clients < 1)
        {
            await Console.Error.WriteLineAsync("usage: Portal.Benchmarks logs [--rate N>=1] [--seconds N>=1] [--clients N>=1]");
            return 2;
        }

        await using var benchmark = await StartAsync(rate, seconds, cancellationToken);
        Console.WriteLine(await benchmark.RunAsync(rate, seconds, clients, cancellationToken));
        return 0;
    }

    public ValueTask DisposeAsync() => _portal.DisposeAsync();

    private static async Task<LogsBenchmark> StartAsync(int rate, int seconds, CancellationToken cancellationToken)
    {
        var portal = await BenchmarkPortal.StartAsync(
            "blogs",
            (_, _) => Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>
            {
                ["Gpus__Source"] = "None",
                ["Logs__BufferLines"] = BufferLines.ToString(CultureInfo.InvariantCulture),
            }),
            cancellationToken);
        try
        {
            var command = new[] { "python3", "-u", "-c", Writer(rate, seconds) };
            var containerId = await portal.LaunchAsync(new { name = "logs-bench", image = Image, command }, cancellationToken);
            return new LogsBenchmark(portal, containerId, (long)rate * seconds);
        }
        catch
        {
            await portal.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Each time <see cref="GoFile"/> appears (it removes it), writes <c>rate</c> lines a second for the run's seconds,
    /// each "sequence write-time-ns padding", flushing once a millisecond, then <see cref="EndMarker"/>.
    /// </summary>
    private static string Writer(int rate, int seconds) => string.Create(
        CultureInfo.InvariantCulture,
        $$"""
        import os, sys, time
        rate, total, pad, out = {{rate}}, {{(long)rate * seconds}}, 'x' * 80, sys.stdout
        while True:
            while not os.path.exists('{{GoFile}}'):
                time.sleep(0.02)
            os.remove('{{GoFile}}')
            start, i = time.time(), 0
            while i < total:
                due = min(total, int((time.time() - start) * rate) + 1)
                while i < due:
                    out.write(f'{i} {time.time_ns()} {pad}\n')
                    i += 1
                out.flush()
                time.sleep(0.001)
            out.write('{{EndMarker}}\n')
            out.flush()
        """);

    /// <summary>
    /// Two identical rounds with fresh followers: the first warms the portal (JIT, buffers, the GC's heap size); the
    /// second is reported. Memory after each round shows whether anything accumulates beyond the configured buffers.
    /// </summary>
    private async Task<string> RunAsync(int rate, int seconds, int clientCount, CancellationToken cancellationToken)
    {
        var start = ResidentBytes();
        var warmup = await RunRoundAsync(clientCount, seconds, cancellationToken);
        var measured = await RunRoundAsync(clientCount, seconds, cancellationToken);
        return Report(rate, seconds, clientCount, start, warmup, measured);
    }

    private async Task<Round> RunRoundAsync(int clientCount, int seconds, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(seconds + 120));
        var token = deadline.Token;

        var raw = new LineLatencies("raw Docker log stream (1 follower)");
        using var rawStop = CancellationTokenSource.CreateLinkedTokenSource(token);
        var rawTask = FollowRawAsync(raw, rawStop.Token);
        var hubs = new List<LightHubClient>();
        var received = new List<LineLatencies>();
        var clientTasks = new List<Task>();
        try
        {
            for (var i = 0; i < clientCount; i++)
            {
                var connection = await LightHubClient.ConnectAsync(new Uri(_portal.BaseAddress, "hubs/logs"), _portal.MemberToken, token);
                hubs.Add(connection);
                var latencies = new LineLatencies($"hub client {i + 1}");
                received.Add(latencies);
                clientTasks.Add(FollowHubAsync(connection, latencies, token));
            }

            // Followers attach before the first line, so every line is a live one for every side.
            await Task.Delay(TimeSpan.FromSeconds(2), token);
            var portalCpuBefore = PortalCpuTime();
            var clientCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            using var sampling = CancellationTokenSource.CreateLinkedTokenSource(token);
            var peakTask = SamplePeakAsync(sampling.Token);
            var clock = Stopwatch.StartNew();
            await StartWriterAsync(token);
            await Task.WhenAll(clientTasks.Append(rawTask));
            var elapsed = clock.Elapsed;
            var cpu = (PortalCpuTime() - portalCpuBefore, Process.GetCurrentProcess().TotalProcessorTime - clientCpuBefore);
            await sampling.CancelAsync();
            var peak = await peakTask;
            await Task.Delay(TimeSpan.FromSeconds(2), token);
            return new Round(raw, LineLatencies.Merge("portal hub (all clients)", received), elapsed, peak, ResidentBytes(), cpu);
        }
        finally
        {
            foreach (var hub in hubs)
            {
                await hub.DisposeAsync();
            }
        }
    }

    private async Task StartWriterAsync(CancellationToken cancellationToken)
    {
        var exec = await _portal.Docker.Exec.CreateContainerExecAsync(
            _containerId,
            new ContainerExecCreateParameters { Cmd = ["touch", GoFile], AttachStdout = true, AttachStderr = true },
            cancellationToken);
        // Attached (Docker.DotNet cannot start a detached exec over the socket): read to the end, so touch has run.
        using var stream = await _portal.Docker.Exec.StartContainerExecAsync(exec.ID, new ContainerExecStartParameters(), cancellationToken);
        await stream.ReadOutputToEndAsync(cancellationToken);
    }

    private async Task FollowRawAsync(LineLatencies latencies, CancellationToken cancellationToken)
    {
        using var stream = await _portal.Docker.Containers.GetContainerLogsAsync(
            _containerId,
            new ContainerLogsParameters { Follow = true, ShowStdout = true, ShowStderr = true, Tail = "0" },
            cancellationToken);
        var buffer = new byte[64 * 1024];
        var pending = new StringBuilder();
        while (true)
        {
            var read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, cancellationToken);
            if (read.EOF)
            {
                throw new InvalidOperationException("The raw log stream ended before the last line.");
            }

            pending.Append(Encoding.UTF8.GetString(buffer, 0, read.Count));
            var text = pending.ToString();
            var lastBreak = text.LastIndexOf('\n');
            if (lastBreak < 0)
            {
                continue;
            }

            pending.Clear().Append(text, lastBreak + 1, text.Length - lastBreak - 1);
            var now = LightHubClient.NowNanoseconds();
            foreach (var line in text.AsSpan(0, lastBreak).EnumerateLines())
            {
                if (latencies.Record(line, now))
                {
                    return;
                }
            }
        }
    }

    private Task FollowHubAsync(LightHubClient connection, LineLatencies latencies, CancellationToken cancellationToken) =>
        connection.FollowAsync(_containerId, 0, (text, received) => latencies.Record(text, received), missed => latencies.Missed += missed, cancellationToken);

    private async Task<long> SamplePeakAsync(CancellationToken cancellationToken)
    {
        var peak = 0L;
        try
        {
            while (true)
            {
                peak = Math.Max(peak, ResidentBytes());
                await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            return peak;
        }
    }

    /// <summary>The portal process's resident set (VmRSS), in bytes.</summary>
    private long ResidentBytes()
    {
        foreach (var line in File.ReadLines($"/proc/{_portal.ProcessId}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException("No VmRSS in /proc status.");
    }

    /// <summary>User plus system CPU time of the portal process (/proc/PID/stat, in clock ticks of 10 ms).</summary>
    private TimeSpan PortalCpuTime()
    {
        var stat = File.ReadAllText($"/proc/{_portal.ProcessId}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromMilliseconds(ticks * 10);
    }

    private string Report(int rate, int seconds, int clientCount, long start, Round warmup, Round round)
    {
        var (raw, hub) = (round.Raw, round.Hub);
        string Ms(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);
        string Ratio(double portal, double rawValue) => (portal / rawValue).ToString("0.00", CultureInfo.InvariantCulture) + "x";
        string MiB(long bytes) => (bytes / 1024.0 / 1024.0).ToString("0.0", CultureInfo.InvariantCulture);

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"Live logs: {rate} lines/s for {seconds} s ({_total} lines of ~{LineLatencies.LineBytes} bytes) from one {Image} container, watched by {clientCount} hub clients and one raw follower; two rounds with fresh followers, the second reported (took {round.Elapsed.TotalSeconds:0.0} s).");
        report.AppendLine("Latency: the writer stamps each line with time.time_ns() as it writes it; each receiver subtracts that from its own clock on receipt (same host clock).");
        report.AppendLine();
        report.AppendLine("| measure                         |   portal hub |   raw Docker | portal/raw | target   |");
        report.AppendLine("|---------------------------------|--------------|--------------|------------|----------|");
        report.AppendLine(CultureInfo.InvariantCulture, $"| latency p50 ms                  | {Ms(hub.Percentile(50)),12} | {Ms(raw.Percentile(50)),12} | {Ratio(hub.Percentile(50), raw.Percentile(50)),10} |          |");
        report.AppendLine(CultureInfo.InvariantCulture, $"| latency p99 ms                  | {Ms(hub.Percentile(99)),12} | {Ms(raw.Percentile(99)),12} | {Ratio(hub.Percentile(99), raw.Percentile(99)),10} | < 250 ms |");
        report.AppendLine(CultureInfo.InvariantCulture, $"| latency max ms                  | {Ms(hub.Percentile(100)),12} | {Ms(raw.Percentile(100)),12} | {Ratio(hub.Percentile(100), raw.Percentile(100)),10} |          |");
        report.AppendLine(CultureInfo.InvariantCulture, $"| lines received (per follower)   | {hub.Count / clientCount,12} | {raw.Count,12} |            | {_total,8} |");
        report.AppendLine(CultureInfo.InvariantCulture, $"| lines missed (all hub clients)  | {hub.Missed,12} |            - |            |        0 |");
        report.AppendLine(CultureInfo.InvariantCulture, $"| lines out of order or repeated  | {hub.OutOfOrder,12} | {raw.OutOfOrder,12} |            |        0 |");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"Portal resident memory: at start {MiB(start)} MiB; after the warm-up round {MiB(warmup.After)} MiB (peak {MiB(warmup.Peak)}); after the measured round {MiB(round.After)} MiB (peak {MiB(round.Peak)}); growth over the measured round {MiB(round.After - warmup.After)} MiB.");
        report.AppendLine(CultureInfo.InvariantCulture, $"CPU time while the lines flowed: portal {round.Cpu.Portal.TotalSeconds:0.0} s, this benchmark's clients {round.Cpu.Clients.TotalSeconds:0.0} s, of {round.Elapsed.TotalSeconds * Environment.ProcessorCount:0.0} s on {Environment.ProcessorCount} CPUs.");
        report.AppendLine(CultureInfo.InvariantCulture, $"Configured buffer: {BufferLines} lines x ~{LineLatencies.LineBytes} bytes as UTF-16 strings plus line records = ~{MiB(BufferLines * (LineLatencies.LineBytes * 2L + 100))} MiB.");
        return report.ToString();
    }

    /// <summary>What one round measured.</summary>
    private sealed record Round(LineLatencies Raw, LineLatencies Hub, TimeSpan Elapsed, long Peak, long After, (TimeSpan Portal, TimeSpan Clients) Cpu);
}
