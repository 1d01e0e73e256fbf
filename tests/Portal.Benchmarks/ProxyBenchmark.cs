using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Portal.Benchmarks;

/// <summary>
/// The web proxy's throughput and latency: requests/s and p50 through the portal's proxy, directly to the published
/// port, and through JupyterHub's configurable-http-proxy (npm, installed into a temp folder for this benchmark only)
/// in front of the same upstream, in one run; for a small HTTP server that closes each connection (HTTP/1.0, as
/// Python's http.server does) and for one that keeps connections alive.
///   dotnet Portal.Benchmarks.dll proxy [--seconds 8] [--concurrency 16] [--warmup 2]
/// </summary>
internal sealed class ProxyBenchmark : IAsyncDisposable
{
    private const string ChpVersion = "5.3.0";
    private const int UpstreamPort = 8000;

    private readonly BenchmarkPortal _portal;
    private Process? _chp;
    private Process? _chpWatchdog;

    private ProxyBenchmark(BenchmarkPortal portal) => _portal = portal;

    /// <summary>
    /// A server answering every GET with a 2-byte body, in one write (headers and body in separate small writes would
    /// meet Nagle and delayed ACKs and measure 40 ms stalls, not the proxies); HTTP/1.0 closes each connection,
    /// HTTP/1.1 keeps it open.
    /// </summary>
    private static string[] Upstream(string protocol) =>
    [
        "python3", "-c",
        "import http.server, socketserver\n" +
        "class H(http.server.BaseHTTPRequestHandler):\n" +
        $"    protocol_version = '{protocol}'\n" +
        "    def do_GET(self):\n" +
        $"        self.wfile.write(b'{protocol} 200 OK\\r\\nContent-Type: text/plain\\r\\nContent-Length: 2\\r\\n\\r\\nok')\n" +
        "    def log_message(self, *args):\n" +
        "        pass\n" +
        "class S(http.server.ThreadingHTTPServer):\n" +
        "    request_queue_size = 256\n" +
        $"S(('0.0.0.0', {UpstreamPort}), H).serve_forever()\n",
    ];

    public static async Task<int> MainAsync(string[] args, CancellationToken cancellationToken)
    {
        var seconds = BenchmarkOptions.Read(args, "--seconds", 8);
        var concurrency = BenchmarkOptions.Read(args, "--concurrency", 16);
        var warmup = BenchmarkOptions.Read(args, "--warmup", 2);
        if (seconds < 1 || concurrency < 1 || warmup < 0)
        {
            await Console.Error.WriteLineAsync("usage: Portal.Benchmarks proxy [--seconds N>=1] [--concurrency N>=1] [--warmup N>=0]");
            return 2;
        }

        var chpBinary = await InstallChpAsync(cancellationToken);
        var portal = await BenchmarkPortal.StartAsync(
            "bproxy",
            (_, _) => Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string> { ["Gpus__Source"] = "None" }),
            cancellationToken);
        await using var benchmark = new ProxyBenchmark(portal);
        Console.WriteLine(await benchmark.RunAsync(chpBinary, TimeSpan.FromSeconds(seconds), TimeSpan.FromSeconds(warmup), concurrency, cancellationToken));
        return 0;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_chp is not null)
            {
                await ChildProcess.StopAsync(_chpWatchdog, _chp);
            }
        }
        finally
        {
            await _portal.DisposeAsync();
        }
    }

    private async Task<string> RunAsync(string chpBinary, TimeSpan duration, TimeSpan warmup, int concurrency, CancellationToken cancellationToken)
    {
        var closing = await _portal.LaunchAsync(new { name = "closing", image = "portal/python:latest", command = Upstream("HTTP/1.0"), ports = new[] { UpstreamPort } }, cancellationToken);
        var keepAlive = await _portal.LaunchAsync(new { name = "keepalive", image = "portal/python:latest", command = Upstream("HTTP/1.1"), ports = new[] { UpstreamPort } }, cancellationToken);
        var chpPort = PortalProcess.FreePort();
        var chpApiPort = PortalProcess.FreePort();
        var chpToken = Guid.NewGuid().ToString("N");
        _chp = StartChp(chpBinary, chpPort, chpApiPort, chpToken);
        _chpWatchdog = ChildProcess.StartWatchdog(_chp);

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"Web proxy: {concurrency} concurrent keep-alive clients, {duration.TotalSeconds:0} s per case after {warmup.TotalSeconds:0} s of warm-up; GET of a 2-byte body.");
        report.AppendLine(CultureInfo.InvariantCulture, $"Host: {Environment.ProcessorCount} CPUs, shared by the load generator, the portal, configurable-http-proxy {ChpVersion} and the upstream.");
        report.AppendLine();
        report.AppendLine("| upstream | path | requests/s | p50 ms | p95 ms | errors | portal / direct | portal / chp |");
        report.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (label, id) in new[] { ("small (closes connections)", closing), ("keep-alive", keepAlive) })
        {
            var hostPort = await PublishedPortAsync(id, cancellationToken);
            var pathBase = $"/{id[..12]}/{UpstreamPort}/";
            await AddChpRouteAsync(chpApiPort, chpToken, pathBase, hostPort, cancellationToken);
            var cookie = await OpenThroughPortalAsync(id, cancellationToken);
            var direct = new Uri($"http://127.0.0.1:{hostPort}{pathBase}");
            var proxied = new Uri(_portal.ProxyAddress, pathBase);
            var chp = new Uri($"http://127.0.0.1:{chpPort}{pathBase}");
            await WaitUntilAnswersAsync(proxied, cookie, cancellationToken);
            await WaitUntilAnswersAsync(chp, cookie, cancellationToken);

            var directResult = await LoadAsync(direct, cookie, concurrency, warmup, duration, cancellationToken);
            var portalResult = await LoadAsync(proxied, cookie, concurrency, warmup, duration, cancellationToken);
            var chpResult = await LoadAsync(chp, cookie, concurrency, warmup, duration, cancellationToken);
            report.AppendLine(directResult.Row(label, "direct (published port)", null, null));
            report.AppendLine(portalResult.Row(label, "portal proxy (YARP)", portalResult.RequestsPerSecond / directResult.RequestsPerSecond, portalResult.RequestsPerSecond / chpResult.RequestsPerSecond));
            report.AppendLine(chpResult.Row(label, $"configurable-http-proxy {ChpVersion}", null, null));
            report.AppendLine(CultureInfo.InvariantCulture, $"|  | chp / direct | {chpResult.RequestsPerSecond / directResult.RequestsPerSecond:0.00}x |  |  |  |  |  |");
        }

        report.AppendLine();
        report.AppendLine("Targets: the portal's proxy at least 0.8x direct and at least 2x configurable-http-proxy (requests/s).");
        return report.ToString();
    }

    /// <summary>The member's path in: a ticket from the portal, exchanged at the proxy for its cookie.</summary>
    private async Task<string> OpenThroughPortalAsync(string id, CancellationToken cancellationToken)
    {
        using var open = await _portal.Member.GetAsync(new Uri($"containers/{id}/open/{UpstreamPort}", UriKind.Relative), cancellationToken);
        await BenchmarkPortal.EnsureAsync(open, HttpStatusCode.Redirect, "asking the portal to open the port", cancellationToken);
        using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
        using var entered = await client.GetAsync(open.Headers.Location, cancellationToken);
        await BenchmarkPortal.EnsureAsync(entered, HttpStatusCode.SeeOther, "exchanging the ticket at the proxy", cancellationToken);
        return entered.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("portal-proxy=", StringComparison.Ordinal)).Split(';')[0];
    }

    private async Task<int> PublishedPortAsync(string id, CancellationToken cancellationToken)
    {
        using var json = JsonDocument.Parse(await _portal.Member.GetStringAsync(new Uri($"api/v1/containers/{id}", UriKind.Relative), cancellationToken));
        return json.RootElement.GetProperty("ports").EnumerateArray().Select(p => p.GetProperty("hostPort").GetInt32()).First();
    }

    private static async Task WaitUntilAnswersAsync(Uri url, string cookie, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                request.Headers.Add("Cookie", cookie);
                using var response = await client.SendAsync(request, cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (deadline.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new InvalidOperationException($"{url} did not answer 200 within 60 s.");
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    /// <summary>Closed-loop load: each worker sends its next GET when the previous answer arrived.</summary>
    private static async Task<LoadResult> LoadAsync(Uri url, string cookie, int concurrency, TimeSpan warmup, TimeSpan duration, CancellationToken cancellationToken)
    {
        using var client = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            MaxConnectionsPerServer = concurrency,
        })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
        await RunWorkersAsync(client, url, cookie, concurrency, warmup, null, cancellationToken);
        var latencies = new LatencySeries(url.ToString());
        var errors = await RunWorkersAsync(client, url, cookie, concurrency, duration, latencies, cancellationToken);
        return new LoadResult(latencies, errors, duration);
    }

    private static async Task<int> RunWorkersAsync(HttpClient client, Uri url, string cookie, int concurrency, TimeSpan duration, LatencySeries? latencies, CancellationToken cancellationToken)
    {
        var errors = 0;
        var perWorker = Enumerable.Range(0, concurrency).Select(_ => new List<TimeSpan>()).ToArray();
        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(perWorker.Select(async samples =>
        {
            while (Stopwatch.GetTimestamp() < end)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, url);
                    request.Headers.Add("Cookie", cookie);
                    using var response = await client.SendAsync(request, cancellationToken);
                    await response.Content.CopyToAsync(Stream.Null, cancellationToken);
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        Interlocked.Increment(ref errors);
                        continue;
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or IOException or SocketException)
                {
                    Interlocked.Increment(ref errors);
                    continue;
                }

                samples.Add(Stopwatch.GetElapsedTime(started));
            }
        }));
        if (latencies is not null)
        {
            foreach (var sample in perWorker.SelectMany(s => s))
            {
                latencies.Add(sample);
            }
        }

        return errors;
    }

    /// <summary>
    /// configurable-http-proxy from npm, into a folder under the temp folder (never the repository, never set-up):
    /// installed on the first run, reused after.
    /// </summary>
    private static async Task<string> InstallChpAsync(CancellationToken cancellationToken)
    {
        var folder = Path.Combine(Path.GetTempPath(), "portal-bench-chp-" + ChpVersion);
        var binary = Path.Combine(folder, "node_modules", "configurable-http-proxy", "bin", "configurable-http-proxy");
        if (File.Exists(binary))
        {
            return binary;
        }

        Directory.CreateDirectory(folder);
        await Console.Error.WriteLineAsync($"Installing configurable-http-proxy {ChpVersion} into {folder} (benchmark only)...");
        var startInfo = new ProcessStartInfo("npm") { WorkingDirectory = folder, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "install", "--prefix", folder, "--no-audit", "--no-fund", "--no-save", $"configurable-http-proxy@{ChpVersion}" })
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var npm = Process.Start(startInfo)!;
        var output = npm.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = npm.StandardError.ReadToEndAsync(cancellationToken);
        await npm.WaitForExitAsync(cancellationToken);
        if (npm.ExitCode != 0 || !File.Exists(binary))
        {
            throw new InvalidOperationException($"npm install configurable-http-proxy@{ChpVersion} failed ({npm.ExitCode}):\n{await output}\n{await error}");
        }

        return binary;
    }

    private static Process StartChp(string binary, int port, int apiPort, string token)
    {
        var startInfo = new ProcessStartInfo("node") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { binary, "--ip", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture), "--api-ip", "127.0.0.1", "--api-port", apiPort.ToString(CultureInfo.InvariantCulture), "--log-level", "error" })
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["CONFIGPROXY_AUTH_TOKEN"] = token;
        var process = Process.Start(startInfo)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>The same path as the portal's proxy, routed by configurable-http-proxy's REST API to the published port.</summary>
    private static async Task AddChpRouteAsync(int apiPort, string token, string pathBase, int hostPort, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{apiPort}/") };
        client.DefaultRequestHeaders.Add("Authorization", "token " + token);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var response = await client.PostAsJsonAsync(new Uri("api/routes" + pathBase.TrimEnd('/'), UriKind.Relative), new { target = $"http://127.0.0.1:{hostPort}" }, cancellationToken);
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    return;
                }

                throw new InvalidOperationException($"configurable-http-proxy refused the route: {(int)response.StatusCode}");
            }
            catch (HttpRequestException) when (deadline.Elapsed < TimeSpan.FromSeconds(30))
            {
                // Still starting.
                await Task.Delay(200, cancellationToken);
            }
        }
    }

    private sealed record LoadResult(LatencySeries Latencies, int Errors, TimeSpan Duration)
    {
        public double RequestsPerSecond => Latencies.Count / Duration.TotalSeconds;

        public string Row(string upstream, string path, double? toDirect, double? toChp) => string.Format(
            CultureInfo.InvariantCulture,
            "| {0} | {1} | {2:0} | {3:0.00} | {4:0.00} | {5} | {6} | {7} |",
            upstream,
            path,
            RequestsPerSecond,
            Latencies.Percentile(50),
            Latencies.Percentile(95),
            Errors,
            toDirect is { } d ? d.ToString("0.00x", CultureInfo.InvariantCulture) : string.Empty,
            toChp is { } c ? c.ToString("0.00x", CultureInfo.InvariantCulture) : string.Empty);
    }
}
