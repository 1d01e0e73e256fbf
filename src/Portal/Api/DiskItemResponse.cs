using Portal.Disk;
using Portal.Engine.Disk;

namespace Portal.Api;

/// <summary>One of the largest items: what it is, whose, and what it costs.</summary>
/// <param name="Kind"><c>container</c>, <c>image</c>, <c>volume</c>, <c>logs</c>, <c>workspace</c> or <c>build-cache</c>.</param>
/// <param name="Id">The Docker id (containers, images, a container's logs), the volume's name, or the workspace folder.</param>
/// <param name="SharedBytes">Images: layers other images use too, on the disk once and not in <paramref name="Bytes"/>.</param>
/// <param name="InUse">A running container, an image a container uses, a volume a container mounts.</param>
public sealed record DiskItemResponse(string Kind, string Id, string Name, string? Owner, long Bytes, long SharedBytes, bool InUse)
{
    public static DiskItemResponse From(DiskItem item) =>
        new(DiskKindNames.ApiName(item.Kind), item.Id, item.Name, item.Owner, item.Bytes, item.SharedBytes, item.InUse);
}
