using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Portal.Benchmarks;

/// <summary>
/// One benchmark run: a fresh portal (own data folder, the 8x V100S capture with fresh UUIDs, EnvironmentOnly binding),
/// a member of its own, and the engine itself. Every launch is removed right after it is timed; whatever is left when
/// the run ends (a failure, Ctrl-C) is removed by label on dispose: the member's containers and network, and the raw
/// containers carrying this run's <c>org.portal.test-run</c> label.
/// </summary>
internal sealed partial class LaunchBenchmark : IAsyncDisposable
{
    private const string Image = "portal/shell:latest";
    private const string TestRunLabel = "org.portal.test-run";
    private const string OwnerLabel = "org.portal.owner";
    private const string CaptureName = "8x-tesla-v100s-pcie-32gb.xml";
    private static readonly string[] Command = ["sleep", "60"];

    private readonly string _runId = "bench-" + Guid.NewGuid().ToString("N")[..12];
    private readonly string _dataDirectory;
    private readonly DockerClient _docker;
    private PortalProcess? _portal;
    private HttpClient? _api;
    private string _user = string.Empty;
    private CreateContainerParameters? _rawTemplate;
    private int _sequence;

    private LaunchBenchmark(string dataDirectory, DockerClient docker)
    {
        _dataDirectory = dataDirectory;
        _docker = docker;
    }

    private HttpClient Api => _api ?? throw new InvalidOperationException("Not started.");

    private string NetworkName => "portal-net-" + _user;

    public static async Task<LaunchBenchmark> StartAsync(CancellationToken cancellationToken)
    {
        var docker = new DockerClientBuilder().WithEndpoint(new Uri("unix:///var/run/docker.sock")).Build();
        var benchmark = new LaunchBenchmark(Directory.CreateTempSubdirectory("portal-bench-").FullName, docker);
        try
        {
            await benchmark.StartPortalAsync(cancellationToken);
            return benchmark;
        }
        catch
        {
            await benchmark.DisposeAsync();
            throw;
        }
    }

    public async Task<string> RunAsync(int iterations, int warmup, CancellationToken cancellationToken)
    {
        // One untimed launch makes the member's network and shows the limits the portal applies, which the raw
        // launches copy, so both sides create the same container on the same network.
        var prime = await LaunchThroughPortalAsync(0, cancellationToken);
        _rawTemplate = RawTemplateFrom(prime.DockerRun);

        var series = new[]
        {
            new LatencySeries("portal API, 0 GPU"),
            new LatencySeries("portal API, 1 GPU"),
            new LatencySeries("raw Docker.DotNet create+start"),
        };
        Func<CancellationToken, Task<TimeSpan>>[] launches =
        [
            ct => TimePortalAsync(0, ct),
            ct => TimePortalAsync(1, ct),
            TimeRawAsync,
        ];
        for (var round = 0; round < warmup; round++)
        {
            foreach (var launch in launches)
            {
                await launch(cancellationToken);
            }
        }

        for (var round = 0; round < iterations; round++)
        {
            // Rotate the order, so no kind always follows the same other kind (or always runs first after a pause).
            for (var k = 0; k < launches.Length; k++)
            {
                var index = (round + k) % launches.Length;
                series[index].Add(await launches[index](cancellationToken));
            }
        }

        var version = await _docker.System.GetVersionAsync(cancellationToken);
        return Report(series, iterations, warmup, version);
    }

    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await RemoveLeftoversAsync(cts.Token);
        }
        catch (Exception ex) when (ex is DockerApiException or HttpRequestException or OperationCanceledException)
        {
            await Console.Error.WriteLineAsync($"Clean-up was incomplete ({ex.Message}); look for containers labelled {TestRunLabel}={_runId} or {OwnerLabel}={_user}.");
        }

        _api?.Dispose();
        if (_portal is not null)
        {
            await _portal.DisposeAsync();
        }

        _docker.Dispose();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The OS cleans its temp folder.
        }
    }

    private async Task StartPortalAsync(CancellationToken cancellationToken)
    {
        var capture = Path.Combine(_dataDirectory, "nvidia-smi.xml");
        var xml = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", CaptureName), cancellationToken);
        // Fresh UUIDs: other portals on this engine (tests, a developer's) use the capture's own, and must not collide.
        xml = UuidElement().Replace(xml, _ => $"<uuid>GPU-{Guid.NewGuid():D}</uuid>");
        await File.WriteAllTextAsync(capture, xml, cancellationToken);

        var adminPassword = Password();
        _portal = await PortalProcess.StartAsync(
            new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["Portal__DataDirectory"] = Path.Combine(_dataDirectory, "portal"),
                ["Portal__BootstrapAdmin__UserName"] = "admin",
                ["Portal__BootstrapAdmin__Password"] = adminPassword,
                ["Gpus__Source"] = "File",
                ["Gpus__FilePath"] = capture,
                ["Gpus__Binding"] = "EnvironmentOnly",
                ["Quotas__MaxContainers"] = "100",
                ["Quotas__MaxGpus"] = "8",
                ["Launch__StopTimeoutSeconds"] = "1",
                ["Logging__LogLevel__Default"] = "Warning",
            },
            cancellationToken);

        using var admin = Client(await TokenAsync("admin", adminPassword, cancellationToken));
        _user = "bench" + Guid.NewGuid().ToString("N")[..8];
        var password = Password();
        using (var created = await admin.PostAsJsonAsync(new Uri("api/v1/users", UriKind.Relative), new { userName = _user, password, role = "Member" }, cancellationToken))
        {
            await EnsureAsync(created, HttpStatusCode.Created, "creating the benchmark's member", cancellationToken);
        }

        _api = Client(await TokenAsync(_user, password, cancellationToken));
    }

    private async Task<string> TokenAsync(string userName, string password, CancellationToken cancellationToken)
    {
        using var anonymous = Client(null);
        using var response = await anonymous.PostAsJsonAsync(new Uri("api/v1/auth/token", UriKind.Relative), new { userName, password, name = _runId }, cancellationToken);
        await EnsureAsync(response, HttpStatusCode.OK, $"signing in as {userName}", cancellationToken);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return json.RootElement.GetProperty("token").GetString()!;
    }

    private HttpClient Client(string? token)
    {
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
        {
            BaseAddress = _portal!.BaseAddress,
            Timeout = TimeSpan.FromSeconds(100),
        };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    private async Task<TimeSpan> TimePortalAsync(int gpus, CancellationToken cancellationToken)
    {
        var launched = await LaunchThroughPortalAsync(gpus, cancellationToken);
        return launched.Elapsed;
    }

    /// <summary>Times <c>POST /api/v1/containers</c> up to the 201 and its body, then removes the container (untimed).</summary>
    private async Task<(TimeSpan Elapsed, string DockerRun)> LaunchThroughPortalAsync(int gpus, CancellationToken cancellationToken)
    {
        var name = $"b{Interlocked.Increment(ref _sequence):000}";
        var body = new { name, image = Image, command = Command, gpus };
        var clock = Stopwatch.StartNew();
        using var response = await Api.PostAsJsonAsync(new Uri("api/v1/containers", UriKind.Relative), body, cancellationToken);
        var content = await response.Content.ReadAsStringAsync(cancellationToken);
        var elapsed = clock.Elapsed;
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"POST /api/v1/containers answered {(int)response.StatusCode}: {content}\n{_portal!.Output}");
        }

        using var json = JsonDocument.Parse(content);
        var id = json.RootElement.GetProperty("id").GetString()!;
        var devices = json.RootElement.GetProperty("gpus").GetArrayLength();
        if (devices != gpus)
        {
            throw new InvalidOperationException($"Asked for {gpus} GPUs, got {devices}: {content}");
        }

        using (var removed = await Api.DeleteAsync(new Uri($"api/v1/containers/{id}", UriKind.Relative), cancellationToken))
        {
            await EnsureAsync(removed, HttpStatusCode.NoContent, $"removing {name}", cancellationToken);
        }

        return (elapsed, json.RootElement.GetProperty("dockerRun").GetString() ?? string.Empty);
    }

    /// <summary>Times create+start of the same container straight on the engine, then removes it (untimed).</summary>
    private async Task<TimeSpan> TimeRawAsync(CancellationToken cancellationToken)
    {
        var template = _rawTemplate ?? throw new InvalidOperationException("No template yet.");
        var parameters = new CreateContainerParameters
        {
            Name = $"{_runId}-raw-{Interlocked.Increment(ref _sequence):000}",
            Image = template.Image,
            Cmd = template.Cmd,
            Env = template.Env,
            Labels = template.Labels,
            HostConfig = template.HostConfig,
        };
        var clock = Stopwatch.StartNew();
        var created = await _docker.Containers.CreateContainerAsync(parameters, cancellationToken);
        await _docker.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), cancellationToken);
        var elapsed = clock.Elapsed;
        await _docker.Containers.RemoveContainerAsync(created.ID, new ContainerRemoveParameters { Force = true }, cancellationToken);
        return elapsed;
    }

    /// <summary>The raw side of the comparison: what the portal's own <c>docker run</c> line says it sends, on the same network.</summary>
    private CreateContainerParameters RawTemplateFrom(string dockerRun)
    {
        string Flag(string name) => Regex.Match(dockerRun, $@" --{name} (\S+)") is { Success: true } match
            ? match.Groups[1].Value
            : throw new InvalidOperationException($"The portal's docker run has no --{name}: {dockerRun}");
        long MiB(string value) => long.Parse(value.TrimEnd('m'), CultureInfo.InvariantCulture) * 1024 * 1024;

        return new CreateContainerParameters
        {
            Image = Image,
            Cmd = Command,
            Env = ["NVIDIA_VISIBLE_DEVICES=void"],
            Labels = new Dictionary<string, string> { [TestRunLabel] = _runId },
            HostConfig = new HostConfig
            {
                NetworkMode = NetworkName,
                SecurityOpt = ["no-new-privileges"],
                NanoCPUs = (long)(double.Parse(Flag("cpus"), CultureInfo.InvariantCulture) * 1_000_000_000),
                Memory = MiB(Flag("memory")),
                ShmSize = MiB(Flag("shm-size")),
                PidsLimit = long.Parse(Flag("pids-limit"), CultureInfo.InvariantCulture),
            },
        };
    }

    private async Task RemoveLeftoversAsync(CancellationToken cancellationToken)
    {
        var filters = new List<string> { $"{TestRunLabel}={_runId}" };
        if (_user.Length > 0)
        {
            filters.Add($"{OwnerLabel}={_user}");
        }

        foreach (var filter in filters)
        {
            var containers = await _docker.Containers.ListContainersAsync(
                new ContainersListParameters
                {
                    All = true,
                    Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [filter] = true } },
                },
                cancellationToken);
            foreach (var container in containers)
            {
                await _docker.Containers.RemoveContainerAsync(container.ID, new ContainerRemoveParameters { Force = true }, cancellationToken);
            }
        }

        if (_user.Length > 0)
        {
            var networks = await _docker.Networks.ListNetworksAsync(
                new NetworksListParameters { Filters = new Dictionary<string, IDictionary<string, bool>> { ["name"] = new Dictionary<string, bool> { [NetworkName] = true } } },
                cancellationToken);
            foreach (var network in networks.Where(n => n.Name == NetworkName))
            {
                await _docker.Networks.DeleteNetworkAsync(network.ID, cancellationToken);
            }
        }
    }

    private string Report(LatencySeries[] series, int iterations, int warmup, VersionResponse version)
    {
        var raw = series[2];
        string Ratio(LatencySeries portal) => string.Format(
            CultureInfo.InvariantCulture, "p50 {0:0.00}x, p95 {1:0.00}x", portal.Percentile(50) / raw.Percentile(50), portal.Percentile(95) / raw.Percentile(95));

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"Launch latency: {iterations} timed rounds after {warmup} warm-up rounds; each round launches once per kind, in rotating order.");
        report.AppendLine(CultureInfo.InvariantCulture, $"Container: {Image} {string.Join(' ', Command)}; engine Docker {version.Version} (API {version.APIVersion}); {Environment.ProcessorCount} CPUs.");
        report.AppendLine("Portal: the real portal process, Release build, token-authenticated POST /api/v1/containers, timed to the 201 with its body.");
        report.AppendLine("Raw: Docker.DotNet CreateContainer + StartContainer with the portal's own limits, on the same per-user network.");
        report.AppendLine();
        report.AppendLine("| launch                             |   n |  p50 ms  |  p95 ms  | mean ms  |  min ms  |  max ms  |");
        report.AppendLine("|------------------------------------|-----|----------|----------|----------|----------|----------|");
        foreach (var s in series)
        {
            report.AppendLine(s.Row());
        }

        report.AppendLine();
        report.AppendLine($"Ratio portal/raw, 0 GPU: {Ratio(series[0])}");
        report.AppendLine($"Ratio portal/raw, 1 GPU: {Ratio(series[1])}");
        return report.ToString();
    }

    private static async Task EnsureAsync(HttpResponseMessage response, HttpStatusCode expected, string what, CancellationToken cancellationToken)
    {
        if (response.StatusCode != expected)
        {
            throw new InvalidOperationException($"{what}: expected {(int)expected}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    private static string Password() => "Bench-" + RandomNumberGenerator.GetHexString(24, lowercase: true);

    [GeneratedRegex(@"<uuid>GPU-[^<]*</uuid>")]
    private static partial Regex UuidElement();
}
