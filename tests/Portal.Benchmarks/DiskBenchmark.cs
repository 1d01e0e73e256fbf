using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Docker.DotNet.Models;

namespace Portal.Benchmarks;

/// <summary>
/// Disk accounting at scale: the time of one background accounting pass over many containers and images against the
/// raw <c>GET /system/df</c> it starts from, and the portal's API latency while the pass runs against the same calls
/// while idle, in one run. The containers (created, never started) and images (commits) are labelled for the run's
/// member and removed at the end.
///   dotnet Portal.Benchmarks.dll disk [--containers 300] [--images 100] [--samples 40]
/// </summary>
internal sealed class DiskBenchmark : IAsyncDisposable
{
    private const string Image = "portal/shell:latest";

    private readonly BenchmarkPortal _portal;

    private DiskBenchmark(BenchmarkPortal portal) => _portal = portal;

    public static async Task<int> MainAsync(string[] args, CancellationToken cancellationToken)
    {
        var containers = BenchmarkOptions.Read(args, "--containers", 300);
        var images = BenchmarkOptions.Read(args, "--images", 100);
        var samples = BenchmarkOptions.Read(args, "--samples", 40);
        if (containers < 1 || images < 1 || samples < 5)
        {
            await Console.Error.WriteLineAsync("usage: Portal.Benchmarks disk [--containers N>=1] [--images N>=1] [--samples N>=5]");
            return 2;
        }

        var portal = await BenchmarkPortal.StartAsync(
            "bdisk",
            (_, _) => Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>
            {
                ["Gpus__Source"] = "None",
                // Passes only when asked, so the timed one is the only one.
                ["Disk__RefreshMinutes"] = "1440",
                ["Disk__EventDebounceSeconds"] = "600",
            }),
            cancellationToken);
        await using var benchmark = new DiskBenchmark(portal);
        Console.WriteLine(await benchmark.RunAsync(containers, images, samples, cancellationToken));
        return 0;
    }

    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var label = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{BenchmarkPortal.TestRunLabel}={_portal.RunId}"] = true } };
        try
        {
            // Containers first, so the images are no longer in use; the portal's own clean-up finds nothing left.
            foreach (var container in await _portal.Docker.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = label }, cts.Token))
            {
                await _portal.Docker.Containers.RemoveContainerAsync(container.ID, new ContainerRemoveParameters { Force = true }, cts.Token);
            }

            foreach (var image in await _portal.Docker.Images.ListImagesAsync(new ImagesListParameters { Filters = label }, cts.Token))
            {
                await _portal.Docker.Images.DeleteImageAsync(image.ID, new ImageDeleteParameters { Force = true }, cts.Token);
            }
        }
        catch (Exception ex) when (ex is Docker.DotNet.DockerApiException or OperationCanceledException)
        {
            await Console.Error.WriteLineAsync($"Clean-up was incomplete ({ex.Message}); look for containers and images labelled {BenchmarkPortal.TestRunLabel}={_portal.RunId}.");
        }

        await _portal.DisposeAsync();
    }

    private async Task<string> RunAsync(int containerCount, int imageCount, int samples, CancellationToken cancellationToken)
    {
        var setup = Stopwatch.StartNew();
        await CreateImagesAsync(imageCount, cancellationToken);
        await CreateContainersAsync(containerCount, cancellationToken);
        var setupTime = setup.Elapsed;

        // A first pass warms the portal (JIT, connections) and the engine's caches; the second is timed.
        await PassAsync(null, cancellationToken);
        var idle = new[] { new LatencySeries("containers API, idle"), new LatencySeries("disk API, idle") };
        for (var i = 0; i < samples; i++)
        {
            idle[0].Add(await TimeGetAsync("api/v1/containers", cancellationToken));
            idle[1].Add(await TimeGetAsync("api/v1/disk", cancellationToken));
        }

        var rawDf = new LatencySeries("raw GET /system/df");
        for (var i = 0; i < 3; i++)
        {
            var clock = Stopwatch.StartNew();
            await _portal.Docker.System.GetDataUsageInfoAsync(new SytemDataUsageInfoParameters(), cancellationToken);
            rawDf.Add(clock.Elapsed);
        }

        var during = new[] { new LatencySeries("containers API, during a pass"), new LatencySeries("disk API, during a pass") };
        var (passMs, wall) = await PassAsync(during, cancellationToken);
        return Report(containerCount, imageCount, setupTime, rawDf, passMs, wall, idle, during);
    }

    /// <summary>Asks for a pass and waits for it, timing the API calls made meanwhile into <paramref name="during"/>.</summary>
    private async Task<(double PassMs, TimeSpan Wall)> PassAsync(LatencySeries[]? during, CancellationToken cancellationToken)
    {
        var before = (await DiskAsync(cancellationToken)).GetProperty("completedPasses").GetInt64();
        var clock = Stopwatch.StartNew();
        using (var refresh = await _portal.Member.PostAsync(new Uri("api/v1/disk/refresh", UriKind.Relative), null, cancellationToken))
        {
            await BenchmarkPortal.EnsureAsync(refresh, HttpStatusCode.Accepted, "asking for a disk pass", cancellationToken);
        }

        while (true)
        {
            if (during is not null)
            {
                during[0].Add(await TimeGetAsync("api/v1/containers", cancellationToken));
            }

            var call = Stopwatch.StartNew();
            var disk = await DiskAsync(cancellationToken);
            during?[1].Add(call.Elapsed);
            if (disk.GetProperty("completedPasses").GetInt64() > before && !disk.GetProperty("refreshing").GetBoolean())
            {
                return (disk.GetProperty("lastPassDurationMs").GetDouble(), clock.Elapsed);
            }

            if (clock.Elapsed > TimeSpan.FromMinutes(10))
            {
                throw new TimeoutException("The disk pass did not finish within 10 minutes.");
            }

            // Polling as a page would, bounded by the timeout above.
            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken);
        }
    }

    private async Task<JsonElement> DiskAsync(CancellationToken cancellationToken)
    {
        using var response = await _portal.Member.GetAsync(new Uri("api/v1/disk", UriKind.Relative), cancellationToken);
        await BenchmarkPortal.EnsureAsync(response, HttpStatusCode.OK, "reading /api/v1/disk", cancellationToken);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return json.RootElement.Clone();
    }

    private async Task<TimeSpan> TimeGetAsync(string path, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var response = await _portal.Member.GetAsync(new Uri(path, UriKind.Relative), cancellationToken);
        await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var elapsed = clock.Elapsed;
        await BenchmarkPortal.EnsureAsync(response, HttpStatusCode.OK, $"GET {path}", cancellationToken);
        return elapsed;
    }

    /// <summary>Distinct images by committing one stopped container with a different label each time.</summary>
    private async Task CreateImagesAsync(int count, CancellationToken cancellationToken)
    {
        var source = await _portal.Docker.Containers.CreateContainerAsync(
            new CreateContainerParameters { Image = Image, Cmd = ["true"], Labels = Labels() },
            cancellationToken);
        for (var i = 0; i < count; i++)
        {
            await _portal.Docker.Images.CommitContainerChangesAsync(
                new CommitContainerChangesParameters
                {
                    ContainerID = source.ID,
                    RepositoryName = $"bench-disk-{_portal.RunId}",
                    Tag = i.ToString(CultureInfo.InvariantCulture),
                    Changes = [$"LABEL {BenchmarkPortal.TestRunLabel}={_portal.RunId} bench.image={i}"],
                },
                cancellationToken);
        }
    }

    /// <summary>Created, never started: each has a writable layer and a log path, as the pass reads them.</summary>
    private async Task CreateContainersAsync(int count, CancellationToken cancellationToken)
    {
        for (var i = 0; i < count; i++)
        {
            await _portal.Docker.Containers.CreateContainerAsync(
                new CreateContainerParameters { Image = Image, Cmd = ["true"], Name = $"{_portal.RunId}-{i:000}", Labels = Labels() },
                cancellationToken);
        }
    }

    private Dictionary<string, string> Labels() => new()
    {
        [BenchmarkPortal.TestRunLabel] = _portal.RunId,
        [BenchmarkPortal.OwnerLabel] = _portal.MemberName,
        ["org.portal.managed"] = "true",
    };

    private static string Report(
        int containers,
        int images,
        TimeSpan setup,
        LatencySeries rawDf,
        double passMs,
        TimeSpan wall,
        LatencySeries[] idle,
        LatencySeries[] during)
    {
        string Ratio(double a, double b) => (a / b).ToString("0.00", CultureInfo.InvariantCulture) + "x";
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"Disk accounting: {containers} containers (created, never started) and {images} images of one member, made in {setup.TotalSeconds:0.0} s; {Environment.ProcessorCount} CPUs.");
        report.AppendLine(CultureInfo.InvariantCulture, $"Raw GET /system/df (Docker.DotNet, the call a pass starts from): p50 {rawDf.Percentile(50):0} ms of {rawDf.Count}.");
        report.AppendLine(CultureInfo.InvariantCulture, $"Portal accounting pass (second pass; df, inspects for log files, workspaces, database): {passMs:0} ms = {Ratio(passMs, rawDf.Percentile(50))} raw df; asked-to-done over the API {wall.TotalMilliseconds:0} ms.");
        report.AppendLine();
        report.AppendLine("| call                               |   n |  p50 ms  |  p95 ms  | mean ms  |  min ms  |  max ms  |");
        report.AppendLine("|------------------------------------|-----|----------|----------|----------|----------|----------|");
        foreach (var series in idle.Concat(during))
        {
            report.AppendLine(series.Row());
        }

        report.AppendLine();
        for (var i = 0; i < idle.Length; i++)
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"{during[i].Name}: p50 {Ratio(during[i].Percentile(50), idle[i].Percentile(50))}, p95 {Ratio(during[i].Percentile(95), idle[i].Percentile(95))} of idle.");
        }

        return report.ToString();
    }
}
