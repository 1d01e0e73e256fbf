using Portal.Engine.Disk;
using Portal.Engine.Tests.Integration;

namespace Portal.Engine.Tests.Disk;

/// <summary>A layer folder measured on the real file system with <c>find</c>, as the engine measures layers.</summary>
public sealed class LayerFolderSizeTests
{
    [Fact]
    public async Task Measure_HardLinksOnceSymlinksByTheirOwnSizeFoldersNot()
    {
        var folder = Directory.CreateTempSubdirectory("portal-layer-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(folder, "sub"));
            File.WriteAllBytes(Path.Combine(folder, "sub", "data.bin"), new byte[10_000]);
            // .NET cannot make a hard link: ln does.
            await HostCommand.OutputOrErrorAsync("ln", [Path.Combine(folder, "sub", "data.bin"), Path.Combine(folder, "again.bin")], CancellationToken.None);
            Assert.True(File.Exists(Path.Combine(folder, "again.bin")));
            File.WriteAllBytes(Path.Combine(folder, "small.txt"), new byte[7]);
            // A symbolic link's own size is the length of its target path, here 12 ("sub/data.bin").
            File.CreateSymbolicLink(Path.Combine(folder, "link"), "sub/data.bin");

            Assert.Equal(10_000 + 7 + 12, LayerFolderSize.Measure(folder, CancellationToken.None));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Measure_MissingFolder_IsUnknownNotZero()
    {
        Assert.Null(LayerFolderSize.Measure("/nonexistent/portal-layer/diff", CancellationToken.None));
    }
}
