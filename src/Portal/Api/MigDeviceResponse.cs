namespace Portal.Api;

/// <summary>One MIG instance of a GPU.</summary>
public sealed record MigDeviceResponse(
    int Index,
    string? Uuid,
    string? DeviceId,
    string? Profile,
    long? MemoryTotalMiB,
    long? MemoryUsedMiB,
    GpuHolderResponse? Holder);
