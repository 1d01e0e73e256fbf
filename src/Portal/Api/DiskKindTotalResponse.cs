using Portal.Disk;
using Portal.Engine.Disk;

namespace Portal.Api;

/// <summary>One line of <c>docker system df</c>; <c>logs</c> and <c>workspace</c> are the portal's additions (not reclaimable: null).</summary>
public sealed record DiskKindTotalResponse(string Kind, int Count, int Active, long Bytes, long? ReclaimableBytes)
{
    public static DiskKindTotalResponse From(DiskKindTotal total) =>
        new(DiskKindNames.ApiName(total.Kind), total.Count, total.Active, total.Bytes, total.ReclaimableBytes);
}
