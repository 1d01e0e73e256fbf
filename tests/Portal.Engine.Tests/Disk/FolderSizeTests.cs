using Portal.Engine.Disk;
using Portal.Engine.Tests.Gpus;

namespace Portal.Engine.Tests.Disk;

/// <summary>Workspace walks over real files: sizes add up, links are not followed.</summary>
public sealed class FolderSizeTests
{
    [Fact]
    public void Measure_NestedFiles_SumsTheirSizes()
    {
        using var folder = new TempFolder();
        File.WriteAllBytes(folder.File("a.bin"), new byte[123_456]);
        Directory.CreateDirectory(folder.File("sub/deeper"));
        File.WriteAllBytes(folder.File("sub/b.bin"), new byte[1_000]);
        File.WriteAllBytes(folder.File("sub/deeper/c.bin"), new byte[7]);
        File.WriteAllBytes(folder.File("empty.bin"), []);

        var tally = FolderSize.Measure(folder.Path, CancellationToken.None);

        Assert.Equal(new FileTally(124_463, 0), tally);
    }

    [Fact]
    public void Measure_SymbolicLinks_AreNotFollowed()
    {
        using var folder = new TempFolder();
        File.WriteAllBytes(folder.File("data.bin"), new byte[10]);
        // A link to a big folder elsewhere, to a file, to itself (a loop) and to nothing.
        File.CreateSymbolicLink(folder.File("usr"), "/usr");
        File.CreateSymbolicLink(folder.File("data-again.bin"), folder.File("data.bin"));
        Directory.CreateSymbolicLink(folder.File("loop"), folder.Path);
        File.CreateSymbolicLink(folder.File("dangling"), folder.File("missing"));

        var tally = FolderSize.Measure(folder.Path, CancellationToken.None);

        Assert.Equal(new FileTally(10, 0), tally);
    }

    [Fact]
    public void Measure_MissingFolder_IsZeroNotAnError()
    {
        using var folder = new TempFolder();

        Assert.Equal(FileTally.Zero, FolderSize.Measure(folder.File("never-made"), CancellationToken.None));
    }

    [Fact]
    public void Measure_Cancelled_Throws()
    {
        using var folder = new TempFolder();
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.Throws<OperationCanceledException>(() => FolderSize.Measure(folder.Path, cts.Token));
    }
}
