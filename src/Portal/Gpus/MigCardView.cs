using Portal.Engine.Gpus;

namespace Portal.Gpus;

/// <summary>One MIG instance under its GPU, with the device id it is leased by and who holds it.</summary>
public sealed record MigCardView(MigDevice Mig, string? DeviceId, GpuLeaseInfo? Holder);
