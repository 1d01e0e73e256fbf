using Portal.Engine.Disk;

namespace Portal.Api;

/// <summary>The answer to <c>POST /api/v1/disk/refresh</c>: a pass is on its way; <c>GET /api/v1/disk</c> shows it when <c>completedPasses</c> goes up.</summary>
public sealed record DiskRefreshResponse(bool Refreshing, DateTimeOffset? MeasuredAt, long CompletedPasses)
{
    public static DiskRefreshResponse From(DiskUsageSnapshot snapshot) => new(snapshot.IsRefreshing, snapshot.MeasuredAt, snapshot.CompletedPasses);
}
