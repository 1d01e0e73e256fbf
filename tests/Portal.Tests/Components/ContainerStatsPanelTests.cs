using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Components.Stats;
using Portal.Engine.Containers;
using Portal.Engine.Gpus;
using Portal.Engine.Stats;
using Portal.Tests.Components.Fakes;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Components;

/// <summary>The stats panel driven by channels: what it shows of each update, and that it lets go of its subscription.</summary>
public sealed class ContainerStatsPanelTests : PortalComponentTestBase
{
    private const long GiB = 1024L * 1024 * 1024;
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly FakeContainerStats _stats = new(new ContainerStatsUpdate(true, [Sample(0, null), Sample(1, 42.5), Sample(2, 150)], ContainerStatsState.Running, null));
    private readonly FakeContainerGpuUsage _gpus = new([]);

    public ContainerStatsPanelTests()
    {
        Services.AddSingleton<IContainerStats>(_stats);
        Services.AddSingleton<IContainerGpuUsage>(_gpus);
        Services.AddSingleton(Options.Create(new StatsOptions()));
        Services.AddSingleton(TimeProvider.System);
    }

    [Fact]
    public void Panel_Snapshot_ShowsTheLatestFiguresAndCharts()
    {
        var cut = Render<ContainerStatsPanel>(p => p.Add(x => x.Container, Container()));

        cut.WaitForAssertion(() => Assert.Equal("150%", cut.Find("[data-testid=stats-cpu-value]").TextContent), TestTimeout.Render);
        Assert.Contains("of 200% (2 CPUs)", cut.Find("[data-testid=stats-cpu]").TextContent);
        Assert.Equal("1.5 GiB", cut.Find("[data-testid=stats-memory-value]").TextContent);
        Assert.Contains("of 4 GiB (38%)", cut.Find("[data-testid=stats-memory]").TextContent);
        Assert.Contains("↓ 2 KiB/s ↑ 1 KiB/s", cut.Find("[data-testid=stats-network-value]").TextContent);
        Assert.Contains("3 PIDs", cut.Find("[data-testid=stats-block-io]").TextContent);
        Assert.Equal("live", cut.Find("[data-testid=stats-state]").TextContent.Trim());
        // Two CPU points (the first sample has none) make a line.
        Assert.NotEmpty(cut.FindAll("[data-testid=chart-cpu] svg"));
        Assert.NotEmpty(cut.FindAll("[data-testid=chart-memory] svg"));
        Assert.Equal("container-1", _stats.WatchedId);
    }

    [Fact]
    public void Panel_NewSample_UpdatesTheFiguresLive()
    {
        var cut = Render<ContainerStatsPanel>(p => p.Add(x => x.Container, Container()));
        cut.WaitForAssertion(() => Assert.Equal("150%", cut.Find("[data-testid=stats-cpu-value]").TextContent), TestTimeout.Render);

        _stats.Publish(new ContainerStatsUpdate(false, [Sample(3, 7.25)], ContainerStatsState.Running, null));

        cut.WaitForAssertion(() => Assert.Equal("7.3%", cut.Find("[data-testid=stats-cpu-value]").TextContent), TestTimeout.Render);
    }

    [Fact]
    public void Panel_ContainerStops_SaysItIsNotRunning()
    {
        var cut = Render<ContainerStatsPanel>(p => p.Add(x => x.Container, Container()));
        cut.WaitForAssertion(() => Assert.Equal("live", cut.Find("[data-testid=stats-state]").TextContent.Trim()), TestTimeout.Render);

        _stats.Publish(new ContainerStatsUpdate(false, [], ContainerStatsState.Stopped, null));

        cut.WaitForAssertion(() => Assert.Equal("not running", cut.Find("[data-testid=stats-state]").TextContent.Trim()), TestTimeout.Render);
        // The history stays on screen.
        Assert.Equal("150%", cut.Find("[data-testid=stats-cpu-value]").TextContent);
    }

    [Fact]
    public void Panel_StreamBroke_ShowsWhy()
    {
        var cut = Render<ContainerStatsPanel>(p => p.Add(x => x.Container, Container()));

        _stats.Publish(new ContainerStatsUpdate(false, [], ContainerStatsState.Waiting, "Docker's stats stream broke (boom); reconnecting."));

        cut.WaitForAssertion(() => Assert.Contains("reconnecting", cut.Find("[data-testid=stats-error]").TextContent), TestTimeout.Render);
    }

    [Fact]
    public async Task Panel_Disposed_LeavesTheStream()
    {
        var cut = Render<ContainerStatsPanel>(p => p.Add(x => x.Container, Container()));
        cut.WaitForAssertion(() => Assert.Equal(1, _stats.Watchers), TestTimeout.Render);

        await DisposeComponentsAsync().WithTimeout();

        Assert.Equal(0, _stats.Watchers);
    }

    [Fact]
    public void Panel_GpuUsage_ShowsTheDeviceAndTheContainersShare()
    {
        var cut = Render<ContainerStatsPanel>(p => p.Add(x => x.Container, Container("GPU-aaaa-1")));

        _gpus.Publish(
        [
            new ContainerGpuUsage
            {
                DeviceId = "GPU-aaaa-1",
                GpuIndex = 3,
                Name = "Tesla V100S-PCIE-32GB",
                IsLeased = true,
                UtilizationPercent = 87,
                MemoryUsedMiB = 20480,
                MemoryTotalMiB = 32510,
                ContainerMemoryMiB = 12288,
                Processes = [new GpuProcess { Pid = 4242, Name = "python", UsedMemoryMiB = 12288 }],
            },
        ]);

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=stats-gpu]")), TestTimeout.Render);
        var gpu = cut.Find("[data-testid=stats-gpu]");
        Assert.Equal("GPU-aaaa-1", gpu.GetAttribute("data-device-id"));
        Assert.Contains("87%", gpu.QuerySelector("[data-testid=stats-gpu-utilization]")!.TextContent);
        Assert.Contains("20 GiB / 31.7 GiB", gpu.QuerySelector("[data-testid=stats-gpu-memory]")!.TextContent);
        Assert.Equal("This container: 12 GiB in 1 process", Words(gpu.QuerySelector("[data-testid=stats-gpu-container-memory]")!.TextContent));
        Assert.Contains("PID 4242 · python · 12 GiB", gpu.QuerySelector("[data-testid=stats-gpu-process]")!.TextContent);
    }

    [Fact]
    public void Panel_GpuContainerNotRunning_SaysItUsesNoGpu()
    {
        var cut = Render<ContainerStatsPanel>(p => p.Add(x => x.Container, Container("GPU-aaaa-1")));

        cut.WaitForAssertion(() => Assert.Contains("No GPU use", cut.Find("[data-testid=stats-gpus-none]").TextContent), TestTimeout.Render);
    }

    private static string Words(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static ContainerSummary Container(string? gpu = null) => new(
        "container-1",
        "alice-train",
        "portal/shell:latest",
        "running",
        "Up 1 minute",
        Start,
        "alice",
        new Dictionary<string, string> { [PortalLabels.Managed] = "true", [PortalLabels.Gpus] = gpu ?? string.Empty });

    /// <summary>Samples 4 seconds apart: one per chart bucket of the default 5-minute window, so two make a line.</summary>
    private static ContainerStatsSample Sample(int index, double? cpu) => new()
    {
        ReadAt = Start.AddSeconds(4 * index),
        CpuPercent = cpu,
        OnlineCpus = 2,
        MemoryUsedBytes = GiB * 3 / 2,
        MemoryLimitBytes = 4 * GiB,
        NetworkRxBytes = 10_000 * index,
        NetworkTxBytes = 5_000 * index,
        NetworkRxBytesPerSecond = index == 0 ? null : 2048,
        NetworkTxBytesPerSecond = index == 0 ? null : 1024,
        Pids = 3,
    };
}
