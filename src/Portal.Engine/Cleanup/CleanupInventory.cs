namespace Portal.Engine.Cleanup;

/// <summary>What the engine holds, read once for one plan: containers, images, volumes and the build cache's reclaimable bytes.</summary>
internal sealed record CleanupInventory(
    IReadOnlyList<InventoryContainer> Containers,
    IReadOnlyList<InventoryImage> Images,
    IReadOnlyList<InventoryVolume> Volumes,
    long BuildCacheReclaimableBytes);
