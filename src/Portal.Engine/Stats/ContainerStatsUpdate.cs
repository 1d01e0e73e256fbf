namespace Portal.Engine.Stats;

/// <summary>
/// What a watcher of a container's stats receives. The first update is the snapshot: the recent history (possibly
/// empty) and the state. Later ones carry the new samples since the previous update, or only a change of state.
/// </summary>
public sealed record ContainerStatsUpdate(
    bool IsSnapshot,
    IReadOnlyList<ContainerStatsSample> Samples,
    ContainerStatsState State,
    string? Error);
