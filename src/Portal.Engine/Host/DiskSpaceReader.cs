namespace Portal.Engine.Host;

/// <summary>Reads a folder's file system with <c>statvfs</c> (through <see cref="DriveInfo"/>, which takes any path on Linux).</summary>
public static class DiskSpaceReader
{
    /// <param name="label">What the folder is for.</param>
    /// <param name="path">The folder.</param>
    /// <param name="orNearestExisting">
    /// Read the nearest existing parent when the folder does not exist yet (a workspace root made on first use lands
    /// on that parent's disk). Never for a path of another machine, where a parent would be the wrong disk.
    /// </param>
    public static DiskSpace Read(string label, string path, bool orNearestExisting = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(label);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var existing = path;
        while (orNearestExisting && !Directory.Exists(existing) && Path.GetDirectoryName(existing) is { Length: > 0 } parent)
        {
            existing = parent;
        }

        if (!Directory.Exists(existing))
        {
            return new DiskSpace { Label = label, Path = path, Error = "The folder is not visible from the portal." };
        }

        try
        {
            var drive = new DriveInfo(existing);
            var total = drive.TotalSize;
            return new DiskSpace
            {
                Label = label,
                Path = path,
                TotalBytes = total,
                UsedBytes = total - drive.TotalFreeSpace,
                FreeBytes = drive.AvailableFreeSpace,
            };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return new DiskSpace { Label = label, Path = path, Error = ex.Message };
        }
    }
}
