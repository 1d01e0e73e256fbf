namespace Portal.Engine.Cleanup;

/// <summary>A plan, or why there is none.</summary>
public sealed record CleanupPlanResult(CleanupPlan? Plan, CleanupError? Error)
{
    public bool Succeeded => Error is null;
}
