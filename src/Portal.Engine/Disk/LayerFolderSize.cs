using System.Diagnostics;
using System.Globalization;

namespace Portal.Engine.Disk;

/// <summary>
/// The size of one image layer folder as the engine counts it (moby's <c>directory.Size</c>): every entry but
/// folders, symbolic links by their own size, and each inode once, so hard links (conda, git) are not paid twice.
/// .NET has no inode numbers, so <c>find</c> lists them.
/// </summary>
internal static class LayerFolderSize
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    /// <summary>The bytes, or null when the folder is missing or could not be read whole (the portal is not root, or the engine is remote).</summary>
    public static long? Measure(string folder, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(folder))
        {
            return null;
        }

        var startInfo = new ProcessStartInfo("find") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { folder, "!", "-type", "d", "-printf", "%i %s\\n" })
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo);
        if (process is null)
        {
            return null;
        }

        using var registration = cancellationToken.Register(() => process.Kill());
        _ = process.StandardError.ReadToEndAsync(CancellationToken.None);
        var inodes = new HashSet<long>();
        long bytes = 0;
        while (process.StandardOutput.ReadLine() is { } line)
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space > 0
                && long.TryParse(line.AsSpan(0, space), NumberStyles.None, CultureInfo.InvariantCulture, out var inode)
                && long.TryParse(line.AsSpan(space + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var size)
                && inodes.Add(inode))
            {
                bytes += size;
            }
        }

        if (!process.WaitForExit(Limit))
        {
            process.Kill();
            return null;
        }

        cancellationToken.ThrowIfCancellationRequested();
        return process.ExitCode == 0 ? bytes : null;
    }
}
