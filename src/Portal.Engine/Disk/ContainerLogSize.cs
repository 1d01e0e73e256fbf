namespace Portal.Engine.Disk;

/// <summary>
/// The size of a container's log: the file Docker names in <c>LogPath</c> plus the files its rotation made
/// (<c>LogPath.1</c>, <c>LogPath.2</c>, ..., gzipped as <c>.N.gz</c> when compressed). <c>docker system df</c> counts none of them.
/// </summary>
public static class ContainerLogSize
{
    /// <summary>Rotation keeps <c>max-file</c> files; a bound in case a folder holds leftovers.</summary>
    private const int MaxRotatedFiles = 1000;

    /// <param name="logPath">The container's <c>LogPath</c>; empty for log drivers that keep no file (journald, syslog...).</param>
    public static FileTally Measure(string? logPath)
    {
        if (string.IsNullOrEmpty(logPath))
        {
            return FileTally.Zero;
        }

        if (Path.GetDirectoryName(logPath) is not { } folder || !Directory.Exists(folder))
        {
            // The engine's folders are not visible from here (a remote engine, or a portal in a container).
            return new FileTally(0, 1);
        }

        var tally = SizeOf(logPath);
        for (var i = 1; i <= MaxRotatedFiles; i++)
        {
            string plain = $"{logPath}.{i}", zipped = $"{logPath}.{i}.gz";
            if (!File.Exists(plain) && !File.Exists(zipped))
            {
                break;
            }

            tally += SizeOf(plain) + SizeOf(zipped);
        }

        return tally;
    }

    private static FileTally SizeOf(string path)
    {
        try
        {
            var file = new FileInfo(path);
            return file.Exists ? new FileTally(file.Length, 0) : FileTally.Zero;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new FileTally(0, 1);
        }
    }
}
