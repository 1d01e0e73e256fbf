using Portal.Engine.Disk;

namespace Portal.Api;

/// <summary>
/// What one user fills, by kind; <c>totalBytes</c> is what counts against the quota: image layers shared with others'
/// images do not, layers only the user's own images share do, once (<c>imagesOwnSharedBytes</c>, inside <c>imagesBytes</c>).
/// </summary>
public sealed record DiskUsageResponse(
    long TotalBytes,
    long ContainersBytes,
    int Containers,
    long ImagesBytes,
    long ImagesSharedBytes,
    long ImagesOwnSharedBytes,
    int Images,
    long VolumesBytes,
    int Volumes,
    long WorkspaceBytes,
    long LogsBytes,
    int UnreadableEntries)
{
    public static DiskUsageResponse From(UserDiskUsage usage) => new(
        usage.TotalBytes,
        usage.ContainersBytes,
        usage.Containers,
        usage.ImagesBytes,
        usage.ImagesSharedBytes,
        usage.ImagesOwnSharedBytes,
        usage.Images,
        usage.VolumesBytes,
        usage.Volumes,
        usage.WorkspaceBytes,
        usage.LogsBytes,
        usage.UnreadableEntries);
}
