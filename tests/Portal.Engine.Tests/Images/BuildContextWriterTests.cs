using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Portal.Engine.Images;

namespace Portal.Engine.Tests.Images;

public sealed class BuildContextWriterTests
{
    [Fact]
    public async Task WriteAsync_Zip_BecomesATarWithTheDockerfileUnderItsOwnName()
    {
        using var zip = ContextArchives.Zip(new Dictionary<string, string> { ["src/app.py"] = "print(1)", ["Dockerfile"] = "FROM theirs" });

        var entries = await ReadAsync(await BuildContextWriter.WriteAsync("FROM ours", zip, 1024 * 1024, CancellationToken.None));

        Assert.Equal("print(1)", entries["src/app.py"]);
        Assert.Equal("FROM theirs", entries["Dockerfile"]);
        Assert.Equal("FROM ours", entries[BuildContextWriter.DockerfileName]);
    }

    [Fact]
    public async Task WriteAsync_GzippedTar_IsReadToo()
    {
        using var tar = ContextArchives.Tar(new Dictionary<string, string> { ["a.txt"] = "A" });
        var gzipped = new MemoryStream();
        await using (var gzip = new GZipStream(gzipped, CompressionLevel.Fastest, leaveOpen: true))
        {
            await tar.CopyToAsync(gzip);
        }

        gzipped.Position = 0;

        var entries = await ReadAsync(await BuildContextWriter.WriteAsync("FROM x", gzipped, 1024 * 1024, CancellationToken.None));

        Assert.Equal("A", entries["a.txt"]);
    }

    [Fact]
    public async Task WriteAsync_LargerThanTheLimitOnceExpanded_IsRefused()
    {
        using var zip = ContextArchives.Zip(new Dictionary<string, string> { ["big.txt"] = new string('x', 200_000) });

        var error = await Assert.ThrowsAsync<BuildContextException>(() => BuildContextWriter.WriteAsync("FROM x", zip, 100_000, CancellationToken.None));

        Assert.Contains("larger than the limit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_EntryOutsideTheContext_IsRefused()
    {
        using var tar = ContextArchives.Tar(new Dictionary<string, string> { ["../../etc/cron.d/x"] = "boom" });

        var error = await Assert.ThrowsAsync<BuildContextException>(() => BuildContextWriter.WriteAsync("FROM x", tar, 1024 * 1024, CancellationToken.None));

        Assert.Contains("outside its folder", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_NotAnArchive_IsRefusedWithAMessage()
    {
        using var junk = new MemoryStream(Encoding.UTF8.GetBytes(new string('?', 2000)));

        var error = await Assert.ThrowsAsync<BuildContextException>(() => BuildContextWriter.WriteAsync("FROM x", junk, 1024 * 1024, CancellationToken.None));

        Assert.Contains("not a tar", error.Message, StringComparison.Ordinal);
    }

    private static async Task<Dictionary<string, string>> ReadAsync(string path)
    {
        try
        {
            var entries = new Dictionary<string, string>();
            await using var file = File.OpenRead(path);
            await using var reader = new TarReader(file);
            while (await reader.GetNextEntryAsync() is { } entry)
            {
                if (entry.DataStream is not null)
                {
                    using var text = new StreamReader(entry.DataStream);
                    entries[entry.Name] = await text.ReadToEndAsync();
                }
            }

            return entries;
        }
        finally
        {
            File.Delete(path);
        }
    }
}
