namespace Portal.Engine.Cleanup;

/// <summary>What became of one confirmed item: removed (with the bytes it freed), skipped or failed (with the reason).</summary>
public sealed record CleanupItemOutcome(string Id, string Kind, string Name, string? Owner, long Bytes, string? Reason);
