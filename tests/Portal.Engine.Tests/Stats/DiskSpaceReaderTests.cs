using Portal.Engine.Host;
using Portal.Engine.Tests.Gpus;

namespace Portal.Engine.Tests.Stats;

/// <summary>statvfs on this machine's real file systems.</summary>
public sealed class DiskSpaceReaderTests
{
    [Fact]
    public void Read_ExistingFolder_ReportsItsFileSystem()
    {
        using var folder = new TempFolder();

        var disk = DiskSpaceReader.Read("Workspaces", folder.Path);

        Assert.Null(disk.Error);
        Assert.Equal(folder.Path, disk.Path);
        Assert.True(disk.TotalBytes > 0);
        Assert.InRange(disk.FreeBytes!.Value, 0, disk.TotalBytes!.Value);
        Assert.InRange(disk.UsedBytes!.Value, 0, disk.TotalBytes.Value);
        Assert.InRange(disk.UsedPercent!.Value, 0, 100);
        // The same figures df reports for the temp folder's disk.
        var drive = new DriveInfo(Path.GetTempPath());
        Assert.Equal(drive.TotalSize, disk.TotalBytes);
    }

    [Fact]
    public void Read_MissingFolder_SaysSoUnlessAParentWillDo()
    {
        using var folder = new TempFolder();
        var missing = Path.Combine(folder.Path, "not", "yet");

        var strict = DiskSpaceReader.Read("Docker", missing);
        var nearest = DiskSpaceReader.Read("Workspaces", missing, orNearestExisting: true);

        Assert.Null(strict.TotalBytes);
        Assert.Contains("not visible", strict.Error, StringComparison.Ordinal);
        Assert.Null(nearest.Error);
        Assert.Equal(missing, nearest.Path);
        Assert.True(nearest.TotalBytes > 0);
    }
}
