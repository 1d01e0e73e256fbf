namespace Portal.Engine.Cleanup;

/// <summary>How far a confirmed cleanup is: items handled of all, and the one now being removed.</summary>
public sealed record CleanupProgress(int Done, int Total, string? Current);
