using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Engine.Gpus;

namespace Portal.Engine.Tests.Gpus;

public sealed class GpuInventoryMonitorTests
{
    private const string V100Fixture = "8x-tesla-v100s-pcie-32gb_460.73.01.xml";
    private const string MigFixture = "a100-sxm4-80gb-mig_535.54.03_1-of-4-gpus.xml";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static GpuInventoryMonitor CreateMonitor(GpuOptions options, ILogger<GpuInventoryMonitor>? logger = null, TimeSpan? commandTimeout = null) =>
        new(Options.Create(options), TimeProvider.System, logger ?? NullLogger<GpuInventoryMonitor>.Instance, commandTimeout ?? GpuInventoryMonitor.DefaultCommandTimeout);

    private static string Quote(string path) => FakeNvidiaSmi.Quote(path);

    [Fact]
    public void Current_BeforeFirstRead_IsUnknown()
    {
        using var monitor = CreateMonitor(new GpuOptions { Source = GpuSource.None });

        Assert.True(monitor.Current.IsUnknown);
        Assert.Empty(monitor.Current.Gpus);
    }

    [Fact]
    public async Task RefreshAsync_SourceNone_EmptyWithoutError()
    {
        using var monitor = CreateMonitor(new GpuOptions { Source = GpuSource.None });
        using var cts = new CancellationTokenSource(Timeout);

        var snapshot = await monitor.RefreshAsync(cts.Token);

        Assert.Empty(snapshot.Gpus);
        Assert.Null(snapshot.Error);
        Assert.False(snapshot.IsUnknown);
        Assert.Same(snapshot, monitor.Current);
    }

    [Fact]
    public async Task RefreshAsync_SourceFile_ReadsTheFixture()
    {
        using var monitor = CreateMonitor(new GpuOptions { Source = GpuSource.File, FilePath = NvidiaSmiFixtures.XmlPath(V100Fixture) });
        using var cts = new CancellationTokenSource(Timeout);

        var snapshot = await monitor.RefreshAsync(cts.Token);

        Assert.Null(snapshot.Error);
        Assert.Equal(8, snapshot.Gpus.Count);
        Assert.Equal("460.73.01", snapshot.DriverVersion);
    }

    [Fact]
    public async Task RefreshAsync_FileDoesNotExist_ErrorSnapshotNamesTheKey()
    {
        var path = Path.Combine(Path.GetTempPath(), "portal-no-gpus-" + Guid.NewGuid().ToString("N") + ".xml");
        using var monitor = CreateMonitor(new GpuOptions { Source = GpuSource.File, FilePath = path });
        using var cts = new CancellationTokenSource(Timeout);

        var snapshot = await monitor.RefreshAsync(cts.Token);

        Assert.Empty(snapshot.Gpus);
        Assert.Contains("Gpus:FilePath", snapshot.Error, StringComparison.Ordinal);
        Assert.Contains("does not exist", snapshot.Error, StringComparison.Ordinal);
        Assert.Contains(path, snapshot.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefreshAsync_FileIsNotXml_ErrorSnapshot()
    {
        using var folder = new TempFolder();
        var path = folder.File("gpus.xml");
        await File.WriteAllTextAsync(path, "GPU 0: Tesla T4 (UUID: GPU-d37e67a5-91dd-3774-a5cb-99096249601a)\n");
        using var monitor = CreateMonitor(new GpuOptions { Source = GpuSource.File, FilePath = path });
        using var cts = new CancellationTokenSource(Timeout);

        var snapshot = await monitor.RefreshAsync(cts.Token);

        Assert.Empty(snapshot.Gpus);
        Assert.Contains("is not an `nvidia-smi -q -x` document", snapshot.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefreshAsync_NvidiaSmiNotOnPath_ReadableError()
    {
        using var monitor = CreateMonitor(new GpuOptions { NvidiaSmiPath = "nvidia-smi-not-installed-" + Guid.NewGuid().ToString("N")[..8] });
        using var cts = new CancellationTokenSource(Timeout);

        var snapshot = await monitor.RefreshAsync(cts.Token);

        Assert.Empty(snapshot.Gpus);
        Assert.Contains("was not found on PATH", snapshot.Error, StringComparison.Ordinal);
        Assert.Contains("set Gpus:Source=None on a host without NVIDIA GPUs, or File for a demo", snapshot.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefreshAsync_NvidiaSmiPathMissing_ErrorNamesTheKey()
    {
        var path = Path.Combine(Path.GetTempPath(), "portal-" + Guid.NewGuid().ToString("N"), "nvidia-smi");
        using var monitor = CreateMonitor(new GpuOptions { NvidiaSmiPath = path });
        using var cts = new CancellationTokenSource(Timeout);

        var snapshot = await monitor.RefreshAsync(cts.Token);

        Assert.Empty(snapshot.Gpus);
        Assert.Contains($"{path} does not exist; fix Gpus:NvidiaSmiPath", snapshot.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefreshAsync_ScriptPrintsFixture_ReadsTheGpus()
    {
        using var script = new FakeNvidiaSmi($"cat {Quote(NvidiaSmiFixtures.XmlPath(V100Fixture))}");
        using var monitor = CreateMonitor(new GpuOptions { NvidiaSmiPath = script.Path });
        using var cts = new CancellationTokenSource(Timeout);

        var snapshot = await monitor.RefreshAsync(cts.Token);

        Assert.Null(snapshot.Error);
        Assert.Equal(8, snapshot.Gpus.Count);
        Assert.All(snapshot.Gpus, gpu => Assert.Equal(37305, Assert.Single(gpu.Processes).Pid));
    }

    [Fact]
    public async Task RefreshAsync_NoMigGpu_RunsOnlyQueryXml()
    {
        using var script = new FakeNvidiaSmi($"cat {Quote(NvidiaSmiFixtures.XmlPath(V100Fixture))}");
        using var monitor = CreateMonitor(new GpuOptions { NvidiaSmiPath = script.Path });
        using var cts = new CancellationTokenSource(Timeout);

        await monitor.RefreshAsync(cts.Token);

        Assert.Equal(["-q -x"], script.Calls());
    }

    [Fact]
    public async Task RefreshAsync_MigEnabled_RunsListAndAttachesMigUuids()
    {
        using var script = new FakeNvidiaSmi($"""
            case "$1" in
              -L) cat "$DIR/list.txt" ;;
              *) cat {Quote(NvidiaSmiFixtures.XmlPath(MigFixture))} ;;
            esac
            """);
        // Hand-written -L output for the A100 of the fixture; the MIG UUIDs are made up.
        await File.WriteAllTextAsync(script.File("list.txt"), """
            GPU 0: NVIDIA A100-SXM4-80GB (UUID: GPU-513536b6-7d19-9063-b049-1e69664bb298)
              MIG 1g.20gb     Device  0: (UUID: MIG-bbbbbbbb-0000-5000-8000-000000000000)
              MIG 1g.20gb     Device  1: (UUID: MIG-bbbbbbbb-0000-5000-8000-000000000001)
              MIG 1g.20gb     Device  2: (UUID: MIG-bbbbbbbb-0000-5000-8000-000000000002)
              MIG 1g.20gb     Device  3: (UUID: MIG-bbbbbbbb-0000-5000-8000-000000000003)

            """);
        using var monitor = CreateMonitor(new GpuOptions { NvidiaSmiPath = script.Path });
        using var cts = new CancellationTokenSource(Timeout);

        var snapshot = await monitor.RefreshAsync(cts.Token);

        Assert.Null(snapshot.Error);
        var devices = Assert.Single(snapshot.Gpus).MigDevices;
        Assert.Equal(
            ["MIG-bbbbbbbb-0000-5000-8000-000000000000", "MIG-bbbbbbbb-0000-5000-8000-000000000001", "MIG-bbbbbbbb-0000-5000-8000-000000000002", "MIG-bbbbbbbb-0000-5000-8000-000000000003"],
            devices.Select(d => d.Uuid));
        Assert.All(devices, d => Assert.Equal("1g.20gb", d.Profile));
        Assert.Equal(["-q -x", "-L"], script.Calls());
    }

    [Fact]
    public async Task RefreshAsync_MigListFails_KeepsGpusWithoutUuidsAndWarnsOnce()
    {
        using var script = new FakeNvidiaSmi($"""
            if [ "$1" = "-L" ]; then echo "Failed to initialize NVML: Unknown Error" >&2; exit 3; fi
            cat {Quote(NvidiaSmiFixtures.XmlPath(MigFixture))}
            """);
        var logger = new RecordingLogger<GpuInventoryMonitor>();
        using var monitor = CreateMonitor(new GpuOptions { NvidiaSmiPath = script.Path }, logger);
        using var cts = new CancellationTokenSource(Timeout);

        await monitor.RefreshAsync(cts.Token);
        var snapshot = await monitor.RefreshAsync(cts.Token);

        Assert.Null(snapshot.Error);
        Assert.Equal(4, snapshot.Gpus[0].MigDevices.Count);
        Assert.All(snapshot.Gpus[0].MigDevices, d => Assert.Null(d.Uuid));
        var warning = Assert.Single(logger.Entries, e => e.Level == LogLevel.Warning);
        Assert.Contains("exited with code 3: Failed to initialize NVML: Unknown Error", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefreshAsync_NvidiaSmiExitsNonZero_ErrorCarriesItsMessage()
    {
        using var script = new FakeNvidiaSmi(
            "echo \"NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. Make sure that the latest NVIDIA driver is installed and running.\"\nexit 9");
        using var monitor = CreateMonitor(new GpuOptions { NvidiaSmiPath = script.Path });
        using var cts = new CancellationTokenSource(Timeout);

        var snapshot = await monitor.RefreshAsync(cts.Token);

        Assert.Empty(snapshot.Gpus);
        Assert.Contains("-q -x exited with code 9: NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.", snapshot.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefreshAsync_NvidiaSmiPrintsGarbage_ErrorSnapshot()
    {
        using var script = new FakeNvidiaSmi("echo 'No devices were found'");
        using var monitor = CreateMonitor(new GpuOptions { NvidiaSmiPath = script.Path });
        using var cts = new CancellationTokenSource(Timeout);

        var snapshot = await monitor.RefreshAsync(cts.Token);

        Assert.Empty(snapshot.Gpus);
        Assert.Contains("-q -x is not an `nvidia-smi -q -x` document", snapshot.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefreshAsync_NvidiaSmiHangs_KilledAfterTheTimeout()
    {
        using var script = new FakeNvidiaSmi("echo $$ > \"$DIR/pid\"\nexec sleep 60");
        // 3 s: time enough, on a loaded machine, for the stand-in to write its pid before it is stopped.
        using var monitor = CreateMonitor(new GpuOptions { NvidiaSmiPath = script.Path }, commandTimeout: TimeSpan.FromSeconds(3));
        using var cts = new CancellationTokenSource(Timeout);

        var stopwatch = Stopwatch.StartNew();
        var snapshot = await monitor.RefreshAsync(cts.Token);

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(15), $"took {stopwatch.Elapsed}");
        Assert.Contains("did not finish within 3 s and was stopped", snapshot.Error, StringComparison.Ordinal);
        var pid = int.Parse(await File.ReadAllTextAsync(script.File("pid"), cts.Token), System.Globalization.CultureInfo.InvariantCulture);
        Assert.False(Directory.Exists($"/proc/{pid}"), $"nvidia-smi stand-in {pid} still exists");
    }

    [Fact]
    public async Task RefreshAsync_CallerCancels_ThrowsAndKillsTheProcess()
    {
        using var script = new FakeNvidiaSmi("exec sleep 60");
        using var monitor = CreateMonitor(new GpuOptions { NvidiaSmiPath = script.Path });
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => monitor.RefreshAsync(cts.Token));
        Assert.True(monitor.Current.IsUnknown);
    }

    [Fact]
    public async Task RefreshAsync_SameFailureRepeated_LoggedOncePerChange()
    {
        using var folder = new TempFolder();
        var path = folder.File("gpus.xml");
        var logger = new RecordingLogger<GpuInventoryMonitor>();
        using var monitor = CreateMonitor(new GpuOptions { Source = GpuSource.File, FilePath = path }, logger);
        using var cts = new CancellationTokenSource(Timeout);

        for (var i = 0; i < 3; i++)
        {
            await monitor.RefreshAsync(cts.Token);
        }

        Assert.Equal(1, logger.Count(LogLevel.Warning));
        Assert.Equal(0, logger.Count(LogLevel.Information));

        File.Copy(NvidiaSmiFixtures.XmlPath(V100Fixture), path);
        await monitor.RefreshAsync(cts.Token);
        await monitor.RefreshAsync(cts.Token);

        Assert.Equal(1, logger.Count(LogLevel.Information));
        Assert.Contains("8 GPU(s)", logger.Entries[^1].Message, StringComparison.Ordinal);

        File.Delete(path);
        await monitor.RefreshAsync(cts.Token);
        await monitor.RefreshAsync(cts.Token);

        Assert.Equal(2, logger.Count(LogLevel.Warning));
    }

    [Fact]
    public async Task WatchAsync_BeforeAndAfterRefresh_YieldsUnknownThenTheSnapshot()
    {
        using var monitor = CreateMonitor(new GpuOptions { Source = GpuSource.File, FilePath = NvidiaSmiFixtures.XmlPath(MigFixture) });
        using var cts = new CancellationTokenSource(Timeout);
        await using var watch = monitor.WatchAsync(cts.Token).GetAsyncEnumerator(cts.Token);

        Assert.True(await watch.MoveNextAsync());
        Assert.True(watch.Current.IsUnknown);
        var refreshed = await monitor.RefreshAsync(cts.Token);
        Assert.True(await watch.MoveNextAsync());
        Assert.Same(refreshed, watch.Current);
    }

    [Fact]
    public async Task ExecuteAsync_SourceFile_RereadsTheFileEveryInterval()
    {
        using var folder = new TempFolder();
        var path = folder.File("gpus.xml");
        File.Copy(NvidiaSmiFixtures.XmlPath("tesla-t4_515.105.01.xml"), path);
        using var monitor = CreateMonitor(new GpuOptions { Source = GpuSource.File, FilePath = path, RefreshInterval = TimeSpan.FromSeconds(1) });
        using var cts = new CancellationTokenSource(Timeout);

        await monitor.StartAsync(cts.Token);
        try
        {
            await foreach (var snapshot in monitor.WatchAsync(cts.Token))
            {
                if (snapshot.Gpus.Count == 1)
                {
                    // A demo swaps the file; rename so the monitor never reads half a file.
                    var next = path + ".next";
                    File.Copy(NvidiaSmiFixtures.XmlPath(V100Fixture), next);
                    File.Move(next, path, overwrite: true);
                }
                else if (snapshot.Gpus.Count == 8)
                {
                    break;
                }
            }

            Assert.Equal(8, monitor.Current.Gpus.Count);
        }
        finally
        {
            await monitor.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task AddPortalEngine_GpusSection_RegistersOneMonitorAsInventoryAndHostedService()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Gpus:Source"] = "None", ["Gpus:Binding"] = "NvidiaRuntime" })
            .Build();
        var services = new ServiceCollection().AddLogging().AddPortalEngine(configuration);
        await using var provider = services.BuildServiceProvider();

        var inventory = provider.GetRequiredService<IGpuInventory>();

        Assert.Same(provider.GetRequiredService<GpuInventoryMonitor>(), inventory);
        // Only the GPU inventory's hosted-service factory is of interest; others need services (a database) this test lacks.
        var hosted = services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationFactory is not null)
            .Select(d => TryCreate(d.ImplementationFactory!, provider));
        Assert.Contains(hosted, service => ReferenceEquals(service, inventory));
        Assert.Equal(GpuBinding.NvidiaRuntime, provider.GetRequiredService<IOptions<GpuOptions>>().Value.Binding);
    }

    [Fact]
    public async Task AddPortalEngine_BadGpusSection_ValidationNamesTheKeys()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Gpus:Source"] = "File", ["Gpus:RefreshInterval"] = "00:00:00.100" })
            .Build();
        await using var provider = new ServiceCollection().AddLogging().AddPortalEngine(configuration).BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<GpuOptions>>().Value);

        Assert.Equal(2, ex.Failures.Count());
        Assert.Contains(ex.Failures, f => f.Contains("Gpus:FilePath", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("Gpus:RefreshInterval", StringComparison.Ordinal));
    }

    private static object? TryCreate(Func<IServiceProvider, object> factory, IServiceProvider provider)
    {
        try
        {
            return factory(provider);
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
