namespace Portal.Engine.Disk;

/// <summary>One thing on the disk, as the largest-items lists show it.</summary>
/// <param name="Kind">What it is.</param>
/// <param name="Id">The Docker id (container, image), the volume name, or the folder's path for a workspace.</param>
/// <param name="Name">What people call it: the container's name, the image's reference, the volume's name.</param>
/// <param name="Owner">The portal user it is counted against; null for what nobody owns (the lab's base images).</param>
/// <param name="Bytes">What it costs its owner.</param>
public sealed record DiskItem(DiskItemKind Kind, string Id, string Name, string? Owner, long Bytes)
{
    /// <summary>Images only: bytes of layers other images use too. Counted once on the disk, against no one.</summary>
    public long SharedBytes { get; init; }

    /// <summary>A running container, an image a container uses, a volume a container mounts: the engine refuses to remove it.</summary>
    public bool InUse { get; init; }

    /// <summary>True for what a user can remove from the Disk page: containers, images and volumes.</summary>
    public bool IsRemovable => Kind is DiskItemKind.Container or DiskItemKind.Image or DiskItemKind.Volume;

    /// <summary>"container train-3", "image alice/pytorch:dev", ...: how a message names it.</summary>
    public string Describe() => Kind switch
    {
        DiskItemKind.Container => $"container {Name}",
        DiskItemKind.Image => $"image {Name}",
        DiskItemKind.Volume => $"volume {Name}",
        DiskItemKind.Logs => $"the logs of container {Name}",
        DiskItemKind.Workspace => $"workspace folder {Name}",
        _ => $"build cache {Name}",
    };

    /// <summary>What the bytes are, after the size: "writable layer", "unique layers", ...</summary>
    public string BytesMeaning => Kind switch
    {
        DiskItemKind.Container => "writable layer",
        DiskItemKind.Image => SharedBytes > 0 ? "unique layers" : "layers",
        DiskItemKind.Logs => "log files",
        _ => "data",
    };
}
