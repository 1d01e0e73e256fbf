namespace Portal.Engine.Disk;

/// <summary>A user's figures while a pass adds them up.</summary>
internal sealed class UserDiskTally(string userName)
{
    public string UserName { get; } = userName;

    public List<DiskItem> Items { get; } = [];

    public long ContainersBytes { get; set; }

    public int Containers { get; set; }

    public long ImagesBytes { get; set; }

    public long ImagesSharedBytes { get; set; }

    public long ImagesOwnSharedBytes { get; set; }

    public int Images { get; set; }

    public long VolumesBytes { get; set; }

    public int Volumes { get; set; }

    public long WorkspaceBytes { get; set; }

    public long LogsBytes { get; set; }

    public int Unreadable { get; set; }

    public UserDiskUsage ToUsage(IReadOnlyList<DiskItem> largest) => new(UserName)
    {
        ContainersBytes = ContainersBytes,
        Containers = Containers,
        ImagesBytes = ImagesBytes,
        ImagesSharedBytes = ImagesSharedBytes,
        ImagesOwnSharedBytes = ImagesOwnSharedBytes,
        Images = Images,
        VolumesBytes = VolumesBytes,
        Volumes = Volumes,
        WorkspaceBytes = WorkspaceBytes,
        LogsBytes = LogsBytes,
        UnreadableEntries = Unreadable,
        Largest = largest,
    };
}