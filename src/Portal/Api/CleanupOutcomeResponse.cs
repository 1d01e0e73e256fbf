using Portal.Engine.Cleanup;

namespace Portal.Api;

/// <summary>What became of one confirmed item: removed (bytes freed) or skipped/failed (reason).</summary>
public sealed record CleanupOutcomeResponse(string Id, string Kind, string Name, string? Owner, long Bytes, string? Reason)
{
    public static CleanupOutcomeResponse From(CleanupItemOutcome outcome) =>
        new(outcome.Id, outcome.Kind, outcome.Name, outcome.Owner, outcome.Bytes, outcome.Reason);
}
