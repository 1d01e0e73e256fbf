using Portal.Engine.Gpus;
using Portal.Engine.Stats;
using Portal.Engine.Tests.Gpus;

namespace Portal.Engine.Tests.Stats;

/// <summary>PID matching on real nvidia-smi captures that list processes.</summary>
public sealed class ContainerGpuUsageCalculatorTests
{
    private const string V100sFile = "8x-tesla-v100s-pcie-32gb_460.73.01.xml";
    private const string V100File = "tesla-v100-pcie-32gb_460.39.xml";
    private const string A5000File = "2x-rtx-a5000_590.44.01.xml";
    private const string A100MigFile = "a100-sxm4-80gb-mig_535.54.03_1-of-4-gpus.xml";
    private const string A100Uuid = "GPU-513536b6-7d19-9063-b049-1e69664bb298";
    private static readonly DateTimeOffset ReadAt = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private static GpuSnapshot Snapshot(string file) => NvidiaSmiXmlParser.Parse(NvidiaSmiFixtures.Xml(file), ReadAt);

    [Fact]
    public void Compute_LeasedGpuWithoutItsProcesses_ShowsTheGpuAndNoContainerMemory()
    {
        var snapshot = Snapshot(V100sFile);
        var gpu2 = GpuUnits.From(snapshot)[2].DeviceId;

        var usage = Assert.Single(ContainerGpuUsageCalculator.Compute(snapshot, [gpu2], new HashSet<int> { 1, 4242 }));

        Assert.Equal(gpu2, usage.DeviceId);
        Assert.Equal(2, usage.GpuIndex);
        Assert.True(usage.IsLeased);
        Assert.True(usage.IsInInventory);
        Assert.Equal("Tesla V100S-PCIE-32GB", usage.Name);
        Assert.Equal(32510, usage.MemoryTotalMiB);
        Assert.NotNull(usage.UtilizationPercent);
        Assert.Equal(0, usage.ContainerMemoryMiB);
        Assert.Empty(usage.Processes);
    }

    [Fact]
    public void Compute_ProcessOnEveryGpu_LeasedOnesAndTheOthersItUses()
    {
        // One python process (host PID 37305) holds memory on all eight GPUs of this capture.
        var snapshot = Snapshot(V100sFile);
        var units = GpuUnits.From(snapshot);

        var usage = ContainerGpuUsageCalculator.Compute(snapshot, [units[0].DeviceId, units[1].DeviceId], new HashSet<int> { 1, 37305 });

        Assert.Equal(Enumerable.Range(0, 8), usage.Select(u => u.GpuIndex!.Value));
        Assert.Equal([true, true, false, false, false, false, false, false], usage.Select(u => u.IsLeased));
        Assert.Equal([31683L, 29539, 29533, 32093, 29511, 32135, 32151, 29495], usage.Select(u => u.ContainerMemoryMiB));
        var first = usage[0];
        Assert.Equal(37305, Assert.Single(first.Processes).Pid);
        Assert.Equal("python", first.Processes[0].Name);
        Assert.Equal(31689, first.MemoryUsedMiB);
        Assert.Equal(97, first.UtilizationPercent);
    }

    [Fact]
    public void Compute_SeveralProcessesOnOneGpu_SumsOnlyTheContainers()
    {
        var snapshot = Snapshot(V100File);
        var gpu = GpuUnits.From(snapshot)[0].DeviceId;

        var usage = Assert.Single(ContainerGpuUsageCalculator.Compute(snapshot, [gpu], new HashSet<int> { 4027538, 4157880, 99 }));

        Assert.Equal(3214 + 2912, usage.ContainerMemoryMiB);
        Assert.Equal([4027538, 4157880], usage.Processes.Select(p => p.Pid!.Value).Order());
        Assert.Equal(12311, usage.MemoryUsedMiB);
        Assert.Equal(91, usage.UtilizationPercent);
    }

    [Fact]
    public void Compute_ContainerWithoutGpusButAProcessOnBoth_ShowsBothAsNotLeased()
    {
        var snapshot = Snapshot(A5000File);

        var usage = ContainerGpuUsageCalculator.Compute(snapshot, [], new HashSet<int> { 100477 });

        Assert.Equal([0, 1], usage.Select(u => u.GpuIndex!.Value));
        Assert.All(usage, u => Assert.False(u.IsLeased));
        Assert.Equal([22430L, 17246], usage.Select(u => u.ContainerMemoryMiB));
    }

    [Fact]
    public void Compute_NoLeaseAndNoProcessOfIts_Empty()
    {
        Assert.Empty(ContainerGpuUsageCalculator.Compute(Snapshot(V100sFile), [], new HashSet<int> { 1, 2, 3 }));
        Assert.Empty(ContainerGpuUsageCalculator.Compute(Snapshot(V100sFile), [], new HashSet<int>()));
    }

    [Fact]
    public void Compute_MigInstances_MatchProcessesByGpuAndComputeInstance()
    {
        var snapshot = Snapshot(A100MigFile);
        var gpu = snapshot.Gpus[0];
        Assert.Empty(gpu.Processes);
        // The capture runs nothing: give two MIG instances (GI 4 and GI 5) a process each, and a third on GI 6 that is not the container's.
        snapshot = snapshot with
        {
            Gpus =
            [
                gpu with
                {
                    Processes =
                    [
                        new GpuProcess { Pid = 501, GpuInstanceId = 4, ComputeInstanceId = 0, UsedMemoryMiB = 5000, Name = "python" },
                        new GpuProcess { Pid = 502, GpuInstanceId = 5, ComputeInstanceId = 0, UsedMemoryMiB = 7000, Name = "python" },
                        new GpuProcess { Pid = 503, GpuInstanceId = 6, ComputeInstanceId = 0, UsedMemoryMiB = 9000, Name = "python" },
                    ],
                },
            ],
        };
        var leased = $"MIG-{A100Uuid}/4/0";

        var usage = ContainerGpuUsageCalculator.Compute(snapshot, [leased], new HashSet<int> { 501, 502 });

        Assert.Equal([leased, $"MIG-{A100Uuid}/5/0"], usage.Select(u => u.DeviceId));
        Assert.Equal([true, false], usage.Select(u => u.IsLeased));
        Assert.Equal([5000L, 7000], usage.Select(u => u.ContainerMemoryMiB));
        Assert.Equal([1, 2], usage.Select(u => u.MigIndex!.Value));
        // The driver reports no utilization per MIG instance; memory is the instance's own.
        Assert.All(usage, u => Assert.Null(u.UtilizationPercent));
        var mig = gpu.MigDevices.Single(m => m.GpuInstanceId == 4);
        Assert.Equal(mig.MemoryTotalMiB, usage[0].MemoryTotalMiB);
        Assert.Equal(mig.MemoryUsedMiB, usage[0].MemoryUsedMiB);
    }

    [Fact]
    public void Compute_LeasedDeviceMissingFromTheInventory_StillListedAsMissing()
    {
        var usage = Assert.Single(ContainerGpuUsageCalculator.Compute(Snapshot(V100sFile), ["GPU-gone"], new HashSet<int>()));

        Assert.Equal("GPU-gone", usage.DeviceId);
        Assert.True(usage.IsLeased);
        Assert.False(usage.IsInInventory);
        Assert.Null(usage.GpuIndex);
    }
}
