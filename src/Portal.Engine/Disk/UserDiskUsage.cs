namespace Portal.Engine.Disk;

/// <summary>What one user fills, by kind. Image layers shared with others are shown but counted against no one.</summary>
public sealed record UserDiskUsage(string UserName)
{
    /// <summary>Writable layers of their containers.</summary>
    public long ContainersBytes { get; init; }

    public int Containers { get; init; }

    /// <summary>
    /// Unique layers of the images they brought (pulled, built, committed) through the portal, plus, once, the layers
    /// only their own images share (<see cref="ImagesOwnSharedBytes"/>).
    /// </summary>
    public long ImagesBytes { get; init; }

    /// <summary>Layers of their images that images of others (or starter images) use too: on the disk once, not counted here.</summary>
    public long ImagesSharedBytes { get; init; }

    /// <summary>Layers that two or more of their images share with each other and with no one else: counted once, in <see cref="ImagesBytes"/>.</summary>
    public long ImagesOwnSharedBytes { get; init; }

    public int Images { get; init; }

    /// <summary>Volumes labelled with their name.</summary>
    public long VolumesBytes { get; init; }

    public int Volumes { get; init; }

    public long WorkspaceBytes { get; init; }

    /// <summary>Their containers' log files, rotated ones included (<c>docker system df</c> does not count them).</summary>
    public long LogsBytes { get; init; }

    /// <summary>Files and folders that could not be read (counted as 0 bytes).</summary>
    public int UnreadableEntries { get; init; }

    /// <summary>Their largest items, largest first.</summary>
    public IReadOnlyList<DiskItem> Largest { get; init; } = [];

    /// <summary>What counts against the quota.</summary>
    public long TotalBytes => ContainersBytes + ImagesBytes + VolumesBytes + WorkspaceBytes + LogsBytes;
}
