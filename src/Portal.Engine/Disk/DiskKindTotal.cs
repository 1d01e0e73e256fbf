namespace Portal.Engine.Disk;

/// <summary>One line of <c>docker system df</c>: how many, how many in use, their size and what removing the unused would free.</summary>
/// <param name="Kind">Images, containers, volumes or build cache; logs and workspaces are the portal's own additions.</param>
/// <param name="Count">How many there are.</param>
/// <param name="Active">How many are in use (a running container, an image or volume a container uses).</param>
/// <param name="Bytes">Their size on the disk (image layers counted once).</param>
/// <param name="ReclaimableBytes">What removing what is not in use would free; null where no cleanup removes them.</param>
public sealed record DiskKindTotal(DiskItemKind Kind, int Count, int Active, long Bytes, long? ReclaimableBytes);
