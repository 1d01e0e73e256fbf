namespace Portal.Engine.Gpus;

/// <summary>Derives the leasable units from an inventory snapshot. Pure logic.</summary>
public static class GpuUnits
{
    /// <summary>
    /// Whole GPUs, except that a GPU in MIG mode offers its MIG instances instead (a MIG GPU without instances
    /// offers nothing). A GPU is named by UUID; where the UUID is missing or shared by two GPUs (anonymised
    /// captures do that) it is named by index, which <c>NVIDIA_VISIBLE_DEVICES</c> also accepts.
    /// </summary>
    public static IReadOnlyList<GpuUnit> From(GpuSnapshot snapshot)
    {
        var duplicateUuids = snapshot.Gpus
            .Where(g => g.Uuid is not null)
            .GroupBy(g => g.Uuid!, StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .Select(g => g.Key)
            .ToHashSet(StringComparer.Ordinal);
        var units = new List<GpuUnit>();
        foreach (var gpu in snapshot.Gpus)
        {
            var gpuId = gpu.Uuid is { } uuid && !duplicateUuids.Contains(uuid) ? uuid : gpu.Index.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (gpu.MigMode == MigMode.Enabled)
            {
                foreach (var mig in gpu.MigDevices)
                {
                    // Without the MIG UUID (older XML), the legacy MIG-<gpu>/<gi>/<ci> name still selects the instance.
                    var migId = mig.Uuid ?? $"MIG-{gpuId}/{mig.GpuInstanceId}/{mig.ComputeInstanceId}";
                    units.Add(new GpuUnit(migId, gpu.Index, mig.Index, gpu.Name, mig.MemoryTotalMiB, mig.Profile));
                }

                continue;
            }

            units.Add(new GpuUnit(gpuId, gpu.Index, null, gpu.Name, gpu.MemoryTotalMiB, null));
        }

        return units;
    }
}
