namespace Portal.Engine.Disk;

/// <summary>What the engine's <c>GET /system/df</c> reports, in the shape both its old (to API 1.51) and new answers fit.</summary>
/// <param name="LayersSize">All image layers on the disk, each counted once; null when the engine did not say.</param>
public sealed record EngineDiskUsage(
    IReadOnlyList<EngineImageUsage> Images,
    IReadOnlyList<EngineContainerUsage> Containers,
    IReadOnlyList<EngineVolumeUsage> Volumes,
    IReadOnlyList<EngineBuildCacheUsage> BuildCache,
    long? LayersSize);
