using Portal.Engine.Cleanup;

namespace Portal.Api;

/// <summary>One of your items the scheduled cleanup will remove, and when (UTC).</summary>
public sealed record CleanupNoticeResponse(string Id, string Kind, string Name, long Bytes, string Reason, DateTimeOffset RemovalAt)
{
    public static CleanupNoticeResponse From(CleanupNotice notice) =>
        new(notice.Item.Id, notice.Item.Kind, notice.Item.Name, notice.Item.Bytes, notice.Item.Reason, notice.RemovalAt);
}
