using System.Collections.Immutable;

namespace Portal.Engine.Containers;

/// <summary>Every container on the engine as last seen, and whether the event stream is connected.</summary>
public sealed record ContainerStateSnapshot(
    ImmutableDictionary<string, ContainerSummary> Containers,
    bool IsConnected,
    string? Error,
    DateTimeOffset UpdatedAt,
    long Version)
{
    public static ContainerStateSnapshot Empty(DateTimeOffset now) => new(ImmutableDictionary<string, ContainerSummary>.Empty, false, null, now, 0);

    /// <summary>The containers a user may see: their own portal containers, or all of them for an admin who asks.</summary>
    public IEnumerable<ContainerSummary> VisibleTo(string userName, bool allUsers) =>
        Containers.Values.Where(c => allUsers || c.IsOwnedBy(userName));
}
