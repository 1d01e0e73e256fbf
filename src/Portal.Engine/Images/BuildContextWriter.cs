using System.Formats.Tar;
using System.IO.Compression;

namespace Portal.Engine.Images;

/// <summary>
/// Makes the tar the engine builds from: the uploaded context (a tar, a gzipped tar or a zip, converted here) plus
/// the Dockerfile text under a name of its own, so a Dockerfile in the upload neither clashes nor wins. Everything
/// goes through temporary files, never memory, and the uncompressed size is bounded (a zip bomb stops at the limit).
/// </summary>
internal static class BuildContextWriter
{
    /// <summary>The Dockerfile's name inside the context (the build's <c>dockerfile</c> parameter).</summary>
    public const string DockerfileName = ".portal.Dockerfile";

    /// <summary>Writes the context to a new temporary file and returns its path; the caller deletes it.</summary>
    public static async Task<string> WriteAsync(string dockerfile, Stream? upload, long maxBytes, CancellationToken cancellationToken)
    {
        var uploadPath = upload is null ? null : await SaveUploadAsync(upload, maxBytes, cancellationToken).ConfigureAwait(false);
        var contextPath = Path.GetTempFileName();
        try
        {
            var output = new FileStream(contextPath, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true);
            await using (output.ConfigureAwait(false))
            {
                var writer = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);
                await using (writer.ConfigureAwait(false))
                {
                    var budget = new ContextBudget(maxBytes);
                    if (uploadPath is not null)
                    {
                        await CopyUploadAsync(uploadPath, writer, budget, cancellationToken).ConfigureAwait(false);
                    }

                    var text = System.Text.Encoding.UTF8.GetBytes(dockerfile);
                    budget.Take(text.Length);
                    var entry = new PaxTarEntry(TarEntryType.RegularFile, DockerfileName)
                    {
                        DataStream = new MemoryStream(text),
                        Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
                    };
                    await writer.WriteEntryAsync(entry, cancellationToken).ConfigureAwait(false);
                }
            }

            return contextPath;
        }
        catch
        {
            File.Delete(contextPath);
            throw;
        }
        finally
        {
            if (uploadPath is not null)
            {
                File.Delete(uploadPath);
            }
        }
    }

    private static async Task<string> SaveUploadAsync(Stream upload, long maxBytes, CancellationToken cancellationToken)
    {
        var path = Path.GetTempFileName();
        try
        {
            var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true);
            await using (file.ConfigureAwait(false))
            {
                var buffer = new byte[81920];
                long total = 0;
                int read;
                while ((read = await upload.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    total += read;
                    if (total > maxBytes)
                    {
                        throw new BuildContextException(TooLarge(maxBytes));
                    }

                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }
            }

            return path;
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    private static async Task CopyUploadAsync(string uploadPath, TarWriter writer, ContextBudget budget, CancellationToken cancellationToken)
    {
        var kind = await SniffAsync(uploadPath, cancellationToken).ConfigureAwait(false);
        if (kind == UploadKind.Zip)
        {
            await CopyZipAsync(uploadPath, writer, budget, cancellationToken).ConfigureAwait(false);
            return;
        }

        var file = File.OpenRead(uploadPath);
        await using (file.ConfigureAwait(false))
        {
            Stream source = kind == UploadKind.Gzip ? new GZipStream(file, CompressionMode.Decompress) : file;
            await using (source.ConfigureAwait(false))
            {
                await CopyTarAsync(source, writer, budget, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task CopyTarAsync(Stream source, TarWriter writer, ContextBudget budget, CancellationToken cancellationToken)
    {
        var reader = new TarReader(source);
        await using (reader.ConfigureAwait(false))
        {
            while (true)
            {
                TarEntry? entry;
                try
                {
                    entry = await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is InvalidDataException or FormatException or EndOfStreamException)
                {
                    throw new BuildContextException("The context is not a tar, tar.gz or zip file: " + ex.Message);
                }

                if (entry is null)
                {
                    return;
                }

                var name = CleanName(entry.Name);
                if (name is null || name == DockerfileName)
                {
                    continue;
                }

                budget.Take(entry.Length);
                if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile)
                {
                    var copy = new PaxTarEntry(TarEntryType.RegularFile, name) { Mode = entry.Mode, ModificationTime = entry.ModificationTime, DataStream = entry.DataStream };
                    await writer.WriteEntryAsync(copy, cancellationToken).ConfigureAwait(false);
                }
                else if (entry.EntryType is TarEntryType.Directory or TarEntryType.SymbolicLink)
                {
                    var copy = new PaxTarEntry(entry.EntryType, name) { Mode = entry.Mode, ModificationTime = entry.ModificationTime, LinkName = entry.LinkName };
                    await writer.WriteEntryAsync(copy, cancellationToken).ConfigureAwait(false);
                }

                // Hard links, devices and fifos have no place in a build context: they are left out.
            }
        }
    }

    private static async Task CopyZipAsync(string uploadPath, TarWriter writer, ContextBudget budget, CancellationToken cancellationToken)
    {
        ZipArchive archive;
        try
        {
            archive = await ZipFile.OpenReadAsync(uploadPath, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException ex)
        {
            throw new BuildContextException("The context is not a readable zip file: " + ex.Message);
        }

        await using (archive.ConfigureAwait(false))
        {
            foreach (var zipEntry in archive.Entries)
            {
                var isDirectory = zipEntry.FullName.EndsWith('/');
                var name = CleanName(zipEntry.FullName.Replace('\\', '/'));
                if (name is null || name == DockerfileName)
                {
                    continue;
                }

                // Zips made on Unix keep the file mode in the upper half of the external attributes.
                var unixMode = (zipEntry.ExternalAttributes >> 16) & 0xFFF;
                if (isDirectory)
                {
                    var directory = new PaxTarEntry(TarEntryType.Directory, name)
                    {
                        Mode = unixMode != 0 ? (UnixFileMode)unixMode : (UnixFileMode)0b111_101_101,
                        ModificationTime = zipEntry.LastWriteTime,
                    };
                    await writer.WriteEntryAsync(directory, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                budget.Take(zipEntry.Length);
                var data = await zipEntry.OpenAsync(cancellationToken).ConfigureAwait(false);
                await using (data.ConfigureAwait(false))
                {
                    // The declared length can lie: the copy is bounded by it, through a file rather than memory.
                    var bounded = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
                    await using (bounded.ConfigureAwait(false))
                    {
                        await CopyBoundedAsync(data, bounded, zipEntry.Length, cancellationToken).ConfigureAwait(false);
                        bounded.Position = 0;
                        var file = new PaxTarEntry(TarEntryType.RegularFile, name)
                        {
                            Mode = unixMode != 0 ? (UnixFileMode)unixMode : (UnixFileMode)0b110_100_100,
                            ModificationTime = zipEntry.LastWriteTime,
                            DataStream = bounded,
                        };
                        await writer.WriteEntryAsync(file, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
        }
    }

    private static async Task CopyBoundedAsync(Stream source, Stream target, long declared, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            total += read;
            if (total > declared)
            {
                throw new BuildContextException("A zip entry is larger than it says it is; the context is refused.");
            }

            await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A relative path inside the context, or null for the root itself; an escape (<c>..</c>, absolute) is refused.</summary>
    internal static string? CleanName(string name)
    {
        var parts = name.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(p => p != ".").ToList();
        if (parts.Count == 0)
        {
            return null;
        }

        if (parts.Contains("..") || name.StartsWith('/'))
        {
            throw new BuildContextException($"The context has an entry outside its folder ('{name}'); it is refused.");
        }

        return string.Join('/', parts) + (name.EndsWith('/') ? "/" : string.Empty);
    }

    private static async Task<UploadKind> SniffAsync(string path, CancellationToken cancellationToken)
    {
        var file = File.OpenRead(path);
        await using (file.ConfigureAwait(false))
        {
            var head = new byte[4];
            var read = await file.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            if (read >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4)
            {
                return UploadKind.Zip;
            }

            return read >= 2 && head[0] == 0x1f && head[1] == 0x8b ? UploadKind.Gzip : UploadKind.Tar;
        }
    }

    private static string TooLarge(long maxBytes) =>
        $"The build context is larger than the limit of {maxBytes / (1024 * 1024)} MiB (Images:MaxContextMiB).";

    private enum UploadKind
    {
        Tar,
        Gzip,
        Zip,
    }

    /// <summary>What is left of the size limit as entries are copied.</summary>
    private sealed class ContextBudget(long limit)
    {
        private long _used;

        public void Take(long bytes)
        {
            _used += Math.Max(0, bytes);
            if (_used > limit)
            {
                throw new BuildContextException(TooLarge(limit));
            }
        }
    }
}
