using Portal.Engine.Gpus;

namespace Portal.Gpus;

/// <summary>
/// One physical GPU on the board. <see cref="DeviceId"/> and <see cref="Holder"/> are set when the whole GPU is
/// leasable; a GPU in MIG mode is leased by instance instead (<see cref="MigDevices"/>).
/// </summary>
public sealed record GpuCardView(GpuDevice Gpu, string? DeviceId, GpuLeaseInfo? Holder, IReadOnlyList<MigCardView> MigDevices)
{
    public bool IsMig => Gpu.MigMode == MigMode.Enabled;

    /// <summary>True when the GPU or any of its MIG instances is leased.</summary>
    public bool IsHeld => Holder is not null || MigDevices.Any(m => m.Holder is not null);
}
