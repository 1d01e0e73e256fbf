using Portal.Engine.Gpus;

namespace Portal.Engine.Stats;

/// <summary>
/// Matches a container's host PIDs against the processes nvidia-smi lists, per leasable unit. Pure logic over an
/// inventory snapshot, so it is unit-tested on real captures. nvidia-smi reports host PIDs, and so does
/// <c>docker top</c>: no PID-namespace translation is needed.
/// </summary>
public static class ContainerGpuUsageCalculator
{
    /// <summary>
    /// Every unit the container holds (<paramref name="leasedDeviceIds"/>), plus any other unit one of its processes
    /// uses (a container started by hand with <c>--gpus all</c>), in GPU and MIG index order.
    /// </summary>
    public static IReadOnlyList<ContainerGpuUsage> Compute(GpuSnapshot snapshot, IReadOnlyCollection<string> leasedDeviceIds, IReadOnlySet<int> hostPids)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(leasedDeviceIds);
        ArgumentNullException.ThrowIfNull(hostPids);
        var leased = leasedDeviceIds.ToHashSet(StringComparer.Ordinal);
        var usage = new List<ContainerGpuUsage>();
        foreach (var unit in GpuUnits.From(snapshot))
        {
            var gpu = snapshot.Gpus.First(g => g.Index == unit.GpuIndex);
            var mig = unit.MigIndex is { } migIndex ? gpu.MigDevices.FirstOrDefault(m => m.Index == migIndex) : null;
            var mine = gpu.Processes
                .Where(p => p.Pid is { } pid && hostPids.Contains(pid) && RunsIn(p, mig))
                .ToList();
            var isLeased = leased.Remove(unit.DeviceId);
            if (!isLeased && mine.Count == 0)
            {
                continue;
            }

            usage.Add(new ContainerGpuUsage
            {
                DeviceId = unit.DeviceId,
                GpuIndex = unit.GpuIndex,
                MigIndex = unit.MigIndex,
                Name = unit.Name,
                Profile = unit.Profile,
                IsLeased = isLeased,
                UtilizationPercent = mig is null ? gpu.UtilizationGpuPercent : null,
                MemoryUsedMiB = mig is null ? gpu.MemoryUsedMiB : mig.MemoryUsedMiB,
                MemoryTotalMiB = mig is null ? gpu.MemoryTotalMiB : mig.MemoryTotalMiB,
                ContainerMemoryMiB = mine.Sum(p => p.UsedMemoryMiB ?? 0),
                Processes = mine,
            });
        }

        // Held devices the inventory no longer lists still show, so the page says what went missing.
        usage.AddRange(leased.Order(StringComparer.Ordinal).Select(id => new ContainerGpuUsage { DeviceId = id, IsLeased = true, IsInInventory = false }));
        return usage;
    }

    /// <summary>On a MIG GPU a process belongs to the instance whose GPU and compute instance ids it carries.</summary>
    private static bool RunsIn(GpuProcess process, MigDevice? mig) =>
        mig is null || (process.GpuInstanceId == mig.GpuInstanceId && process.ComputeInstanceId == mig.ComputeInstanceId);
}
