using Portal.Engine.Gpus;
using Portal.Gpus;

namespace Portal.Api;

/// <summary>One GPU. <c>deviceId</c> and <c>holder</c> are null for a GPU in MIG mode: its instances are leased instead.</summary>
public sealed record GpuResponse(
    int Index,
    string? Uuid,
    string? DeviceId,
    string? Name,
    long? MemoryTotalMiB,
    long? MemoryUsedMiB,
    int? UtilizationPercent,
    int? MemoryUtilizationPercent,
    int? TemperatureCelsius,
    double? PowerDrawWatts,
    double? PowerLimitWatts,
    string? MigMode,
    GpuHolderResponse? Holder,
    IReadOnlyList<MigDeviceResponse> MigDevices)
{
    public static GpuResponse From(GpuCardView card) => new(
        card.Gpu.Index,
        card.Gpu.Uuid,
        card.DeviceId,
        card.Gpu.Name,
        card.Gpu.MemoryTotalMiB,
        card.Gpu.MemoryUsedMiB,
        card.Gpu.UtilizationGpuPercent,
        card.Gpu.UtilizationMemoryPercent,
        card.Gpu.TemperatureCelsius,
        card.Gpu.PowerDrawWatts,
        card.Gpu.PowerLimitWatts,
        card.Gpu.MigMode switch
        {
            Engine.Gpus.MigMode.Enabled => "enabled",
            Engine.Gpus.MigMode.Disabled => "disabled",
            _ => null,
        },
        GpuHolderResponse.From(card.Holder),
        card.MigDevices.Select(m => new MigDeviceResponse(
            m.Mig.Index,
            m.Mig.Uuid,
            m.DeviceId,
            m.Mig.Profile,
            m.Mig.MemoryTotalMiB,
            m.Mig.MemoryUsedMiB,
            GpuHolderResponse.From(m.Holder))).ToList());
}
