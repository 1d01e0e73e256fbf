namespace Portal.Api;

/// <summary>What admins see besides their own figures: the engine by kind, the free space, every user, and the largest items of all.</summary>
public sealed record DiskSystemResponse(
    IReadOnlyList<DiskKindTotalResponse> Totals,
    IReadOnlyList<DiskFileSystemResponse> FileSystems,
    IReadOnlyList<DiskUserResponse> Users,
    IReadOnlyList<DiskItemResponse> Largest,
    int UnreadableEntries);
