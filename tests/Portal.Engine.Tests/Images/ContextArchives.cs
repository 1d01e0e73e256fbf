using System.Formats.Tar;
using System.IO.Compression;
using System.Text;

namespace Portal.Engine.Tests.Images;

/// <summary>Build contexts as people upload them: a tar or a zip of a few text files.</summary>
internal static class ContextArchives
{
    public static MemoryStream Tar(IReadOnlyDictionary<string, string> files)
    {
        var buffer = new MemoryStream();
        using (var writer = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (name, text) in files)
            {
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)) });
            }
        }

        buffer.Position = 0;
        return buffer;
    }

    public static MemoryStream Zip(IReadOnlyDictionary<string, string> files)
    {
        var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, text) in files)
            {
                using var entry = archive.CreateEntry(name).Open();
                entry.Write(Encoding.UTF8.GetBytes(text));
            }
        }

        buffer.Position = 0;
        return buffer;
    }
}
