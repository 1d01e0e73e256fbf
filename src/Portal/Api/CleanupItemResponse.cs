using Portal.Engine.Cleanup;

namespace Portal.Api;

/// <summary>One item of a cleanup preview: what it is, whose, its bytes, its age in whole days, and why it qualifies.</summary>
public sealed record CleanupItemResponse(string Id, string Kind, string Target, string Name, string? Owner, long Bytes, DateTimeOffset? Since, int? AgeDays, string Reason)
{
    public static CleanupItemResponse From(CleanupItem item, DateTimeOffset now) => new(
        item.Id,
        item.Kind,
        item.Target,
        item.Name,
        item.Owner,
        item.Bytes,
        item.Since,
        item.Since is { } since ? (int)Math.Max(0, Math.Floor((now - since).TotalDays)) : null,
        item.Reason);
}
