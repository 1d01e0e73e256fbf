using Portal.Engine.Disk;

namespace Portal.Api;

/// <summary>What one user fills, by kind; <c>totalBytes</c> is what counts against the quota (shared image layers do not).</summary>
public sealed record DiskUsageResponse(
    long TotalBytes,
    long ContainersBytes,
    int Containers,
    long ImagesBytes,
    long ImagesSharedBytes,
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
        usage.Images,
        usage.VolumesBytes,
        usage.Volumes,
        usage.WorkspaceBytes,
        usage.LogsBytes,
        usage.UnreadableEntries);
}
