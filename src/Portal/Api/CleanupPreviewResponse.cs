using Portal.Engine.Cleanup;

namespace Portal.Api;

/// <summary>What the next scheduled run would remove, judged at its time.</summary>
public sealed record CleanupPreviewResponse(DateTimeOffset RunAt, IReadOnlyList<CleanupItemResponse> Items, long TotalBytes)
{
    public static CleanupPreviewResponse From(CleanupSchedulePreview preview) => new(
        preview.RunAt,
        preview.Plan.Items.Select(i => CleanupItemResponse.From(i, preview.Plan.PlannedAt)).ToList(),
        preview.Plan.TotalBytes);
}
