namespace Portal.Engine.Cleanup;

/// <summary>The result of a confirmed cleanup, or why it was refused before anything was removed.</summary>
public sealed record CleanupRunResult(CleanupResult? Result, CleanupError? Error)
{
    public bool Succeeded => Error is null;
}
