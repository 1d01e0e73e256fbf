using Portal.Engine.Host;

namespace Portal.Api;

/// <summary>The file system of Docker's root folder or of the workspaces, as <c>df</c> shows it; sizes are null with an error where it cannot be read.</summary>
public sealed record DiskFileSystemResponse(string Label, string Path, long? TotalBytes, long? UsedBytes, long? FreeBytes, double? UsedPercent, string? Error)
{
    public static DiskFileSystemResponse From(DiskSpace disk) =>
        new(disk.Label, disk.Path, disk.TotalBytes, disk.UsedBytes, disk.FreeBytes, disk.UsedPercent is { } used ? Math.Round(used, 2) : null, disk.Error);
}
