namespace Portal.Engine.Stats;

/// <summary>A container's stats at one moment: the recent samples, oldest first, and where the stream stands.</summary>
public sealed record ContainerStatsSnapshot(
    string ContainerId,
    ContainerStatsState State,
    string? Error,
    IReadOnlyList<ContainerStatsSample> History)
{
    /// <summary>The latest sample, or null before the first.</summary>
    public ContainerStatsSample? Current => History.Count > 0 ? History[^1] : null;
}
