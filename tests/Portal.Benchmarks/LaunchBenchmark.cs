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
    private const string CaptureName = "8x-tesla-v100s-pcie-32gb.xml";
    private static readonly string[] Command = ["sleep", "60"];

    private readonly BenchmarkPortal _portal;
    private CreateContainerParameters? _rawTemplate;
    private int _sequence;

    private LaunchBenchmark(BenchmarkPortal portal) => _portal = portal;

    public static async Task<LaunchBenchmark> StartAsync(CancellationToken cancellationToken) =>
        new(await BenchmarkPortal.StartAsync("bench", SettingsAsync, cancellationToken));

    public async Task<string> RunAsync(int iterations, int warmup, CancellationToken cancellationToken)
    {
        // The portal removes a member's network with their last container: an anchor keeps it for the raw launches,
        // and spares the portal's timed launches a network create the raw side would not do.
        await _portal.LaunchAsync(new { name = "anchor", image = Image, command = new[] { "sleep", "3600" } }, cancellationToken);
        // One untimed launch shows the limits the portal applies, which the raw launches copy, so both sides create
        // the same container on the same network.
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

        var version = await _portal.Docker.System.GetVersionAsync(cancellationToken);
        return Report(series, iterations, warmup, version);
    }

    public ValueTask DisposeAsync() => _portal.DisposeAsync();

    /// <summary>The 8x V100S capture with fresh UUIDs (other portals on this engine use the capture's own), EnvironmentOnly binding.</summary>
    private static async Task<IReadOnlyDictionary<string, string>> SettingsAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        var capture = Path.Combine(dataDirectory, "nvidia-smi.xml");
        var xml = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", CaptureName), cancellationToken);
        xml = UuidElement().Replace(xml, _ => $"<uuid>GPU-{Guid.NewGuid():D}</uuid>");
        await File.WriteAllTextAsync(capture, xml, cancellationToken);
        return new Dictionary<string, string>
        {
            ["Gpus__Source"] = "File",
            ["Gpus__FilePath"] = capture,
            ["Gpus__Binding"] = "EnvironmentOnly",
            ["Quotas__MaxContainers"] = "100",
            ["Quotas__MaxGpus"] = "8",
        };
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
        using var response = await _portal.Member.PostAsJsonAsync(new Uri("api/v1/containers", UriKind.Relative), body, cancellationToken);
        var content = await response.Content.ReadAsStringAsync(cancellationToken);
        var elapsed = clock.Elapsed;
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"POST /api/v1/containers answered {(int)response.StatusCode}: {content}\n{_portal.Output}");
        }

        using var json = JsonDocument.Parse(content);
        var id = json.RootElement.GetProperty("id").GetString()!;
        var devices = json.RootElement.GetProperty("gpus").GetArrayLength();
        if (devices != gpus)
        {
            throw new InvalidOperationException($"Asked for {gpus} GPUs, got {devices}: {content}");
        }

        using (var removed = await _portal.Member.DeleteAsync(new Uri($"api/v1/containers/{id}", UriKind.Relative), cancellationToken))
        {
            await BenchmarkPortal.EnsureAsync(removed, HttpStatusCode.NoContent, $"removing {name}", cancellationToken);
        }

        return (elapsed, json.RootElement.GetProperty("dockerRun").GetString() ?? string.Empty);
    }

    /// <summary>Times create+start of the same container straight on the engine, then removes it (untimed).</summary>
    private async Task<TimeSpan> TimeRawAsync(CancellationToken cancellationToken)
    {
        var template = _rawTemplate ?? throw new InvalidOperationException("No template yet.");
        var parameters = new CreateContainerParameters
        {
            Name = $"{_portal.RunId}-raw-{Interlocked.Increment(ref _sequence):000}",
            Image = template.Image,
            Cmd = template.Cmd,
            Env = template.Env,
            Labels = template.Labels,
            HostConfig = template.HostConfig,
        };
        var clock = Stopwatch.StartNew();
        var created = await _portal.Docker.Containers.CreateContainerAsync(parameters, cancellationToken);
        await _portal.Docker.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), cancellationToken);
        var elapsed = clock.Elapsed;
        await _portal.Docker.Containers.RemoveContainerAsync(created.ID, new ContainerRemoveParameters { Force = true }, cancellationToken);
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
            Labels = new Dictionary<string, string> { [BenchmarkPortal.TestRunLabel] = _portal.RunId },
            HostConfig = new HostConfig
            {
                NetworkMode = _portal.MemberNetwork,
                SecurityOpt = ["no-new-privileges"],
                NanoCPUs = (long)(double.Parse(Flag("cpus"), CultureInfo.InvariantCulture) * 1_000_000_000),
                Memory = MiB(Flag("memory")),
                ShmSize = MiB(Flag("shm-size")),
                PidsLimit = long.Parse(Flag("pids-limit"), CultureInfo.InvariantCulture),
            },
        };
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

    [GeneratedRegex(@"<uuid>GPU-[^<]*</uuid>")]
    private static partial Regex UuidElement();
}
