using Portal.Engine.Disk;
using Portal.Engine.Tests.Gpus;

namespace Portal.Engine.Tests.Disk;

/// <summary>A container's log and the files Docker's rotation made of it.</summary>
public sealed class ContainerLogSizeTests
{
    [Fact]
    public void Measure_RotatedAndCompressedFiles_AreCounted()
    {
        using var folder = new TempFolder();
        var log = folder.File("abc-json.log");
        File.WriteAllBytes(log, new byte[100]);
        File.WriteAllBytes(log + ".1", new byte[1_000]);
        File.WriteAllBytes(log + ".2.gz", new byte[30]);
        // After a gap in the numbering nothing is Docker's any more.
        File.WriteAllBytes(log + ".4", new byte[5_000]);

        Assert.Equal(new FileTally(1_130, 0), ContainerLogSize.Measure(log));
    }

    [Fact]
    public void Measure_NoFileYetOrNoLogPath_IsZero()
    {
        using var folder = new TempFolder();

        Assert.Equal(FileTally.Zero, ContainerLogSize.Measure(folder.File("not-started-json.log")));
        Assert.Equal(FileTally.Zero, ContainerLogSize.Measure(string.Empty));
        Assert.Equal(FileTally.Zero, ContainerLogSize.Measure(null));
    }

    [Fact]
    public void Measure_FolderNotVisibleFromHere_CountsAsUnreadable()
    {
        using var folder = new TempFolder();

        Assert.Equal(new FileTally(0, 1), ContainerLogSize.Measure(folder.File("elsewhere/abc/abc-json.log")));
    }
}
