namespace Portal.Engine.Disk;

/// <summary>
/// Sums the file sizes under a folder, as <c>du --apparent-size</c> would. Symbolic links are never followed (a link
/// to <c>/</c> in a workspace must not make its owner pay for the host), and a folder or file that cannot be read is
/// counted, not thrown, so one odd permission does not lose a user's figures.
/// </summary>
public static class FolderSize
{
    private static readonly EnumerationOptions OneLevel = new()
    {
        RecurseSubdirectories = false,
        IgnoreInaccessible = false,
        AttributesToSkip = FileAttributes.None,
        ReturnSpecialDirectories = false,
    };

    /// <summary>Measures <paramref name="path"/>; a folder that does not exist is zero, not an error.</summary>
    public static FileTally Measure(string path, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(path))
        {
            return FileTally.Zero;
        }

        long bytes = 0;
        var unreadable = 0;
        var pending = new Stack<DirectoryInfo>();
        pending.Push(new DirectoryInfo(path));
        while (pending.TryPop(out var folder))
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                foreach (var entry in folder.EnumerateFileSystemInfos("*", OneLevel))
                {
                    if (entry.Attributes.HasFlag(FileAttributes.ReparsePoint) || entry.LinkTarget is not null)
                    {
                        continue;
                    }

                    if (entry is DirectoryInfo child)
                    {
                        pending.Push(child);
                    }
                    else if (entry is FileInfo file)
                    {
                        bytes += file.Length;
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.SecurityException)
            {
                // A folder removed during the walk, or one the portal may not read: what was summed so far stays.
                unreadable++;
            }
        }

        return new FileTally(bytes, unreadable);
    }
}
