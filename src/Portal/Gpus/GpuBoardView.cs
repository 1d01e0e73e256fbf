using Portal.Engine.Gpus;

namespace Portal.Gpus;

/// <summary>
/// The GPUs of one inventory snapshot with who holds each leasable device: what the GPU board and
/// <c>GET /api/v1/gpus</c> show. Pure logic over the inventory and the allocator's leases.
/// </summary>
public sealed record GpuBoardView(GpuSnapshot Snapshot, IReadOnlyList<GpuCardView> Cards, int UnitCount, int HeldCount)
{
    /// <summary>Leasable devices (whole GPUs, or MIG instances where MIG is on) nobody holds.</summary>
    public int FreeCount => UnitCount - HeldCount;

    public static GpuBoardView Build(GpuSnapshot snapshot, IReadOnlyList<GpuLeaseInfo> leases)
    {
        var units = GpuUnits.From(snapshot);
        var holders = new Dictionary<string, GpuLeaseInfo>(StringComparer.Ordinal);
        foreach (var lease in leases)
        {
            holders.TryAdd(lease.DeviceId, lease);
        }

        var cards = snapshot.Gpus.Select(gpu =>
        {
            var gpuUnits = units.Where(u => u.GpuIndex == gpu.Index).ToList();
            var whole = gpuUnits.FirstOrDefault(u => !u.IsMig);
            var migs = gpu.MigDevices
                .Select(mig => gpuUnits.FirstOrDefault(u => u.MigIndex == mig.Index) is { } unit
                    ? new MigCardView(mig, unit.DeviceId, holders.GetValueOrDefault(unit.DeviceId))
                    : new MigCardView(mig, null, null))
                .ToList();
            return new GpuCardView(gpu, whole?.DeviceId, whole is null ? null : holders.GetValueOrDefault(whole.DeviceId), migs);
        }).ToList();
        return new GpuBoardView(snapshot, cards, units.Count, units.Count(u => holders.ContainsKey(u.DeviceId)));
    }
}
