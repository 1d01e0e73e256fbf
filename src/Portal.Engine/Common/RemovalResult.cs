namespace Portal.Engine.Common;

/// <summary>How an engine removal ended, with the engine's own words when it refused.</summary>
public sealed record RemovalResult(RemovalStatus Status, string? Reason = null)
{
    public static RemovalResult Removed { get; } = new(RemovalStatus.Removed);

    public static RemovalResult NotFound { get; } = new(RemovalStatus.NotFound);
}
