using Portal.Engine.Cleanup;

namespace Portal.Api;

/// <summary>
/// The answer of <c>POST /api/v1/disk/cleanup</c>. A dry run fills <c>items</c>, <c>totalBytes</c> and
/// <c>dockerCommands</c>; a real run fills <c>reclaimedBytes</c>, <c>removed</c>, <c>skipped</c> (no longer
/// eligible, with the reason) and <c>failed</c>.
/// </summary>
public sealed record CleanupResponse(
    bool DryRun,
    IReadOnlyList<string> Targets,
    int OlderThanDays,
    string Scope,
    IReadOnlyList<CleanupItemResponse>? Items,
    long? TotalBytes,
    IReadOnlyList<string>? DockerCommands,
    long? ReclaimedBytes,
    IReadOnlyList<CleanupOutcomeResponse>? Removed,
    IReadOnlyList<CleanupOutcomeResponse>? Skipped,
    IReadOnlyList<CleanupOutcomeResponse>? Failed)
{
    public static CleanupResponse FromPlan(CleanupPlan plan) => new(
        true,
        plan.Request.Targets,
        plan.Request.OlderThanDays,
        ScopeName(plan.Request.Scope),
        plan.Items.Select(i => CleanupItemResponse.From(i, plan.PlannedAt)).ToList(),
        plan.TotalBytes,
        plan.DockerCommands,
        null,
        null,
        null,
        null);

    public static CleanupResponse FromResult(CleanupRequest request, CleanupResult result) => new(
        false,
        request.Targets,
        request.OlderThanDays,
        ScopeName(request.Scope),
        null,
        null,
        null,
        result.ReclaimedBytes,
        result.Removed.Select(CleanupOutcomeResponse.From).ToList(),
        result.Skipped.Select(CleanupOutcomeResponse.From).ToList(),
        result.Failed.Select(CleanupOutcomeResponse.From).ToList());

    internal static string ScopeName(CleanupScope scope) => scope == CleanupScope.All ? "all" : "mine";
}
