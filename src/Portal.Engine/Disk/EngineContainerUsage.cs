namespace Portal.Engine.Disk;

/// <summary>One container of <c>/system/df</c>.</summary>
/// <param name="Name">Docker's name, without the leading slash.</param>
/// <param name="SizeRw">Its writable layer; -1 where the engine did not compute it.</param>
public sealed record EngineContainerUsage(string Id, string Name, string ImageId, string State, long SizeRw, IReadOnlyDictionary<string, string> Labels)
{
    /// <summary>When it was created; <see cref="DateTimeOffset.MinValue"/> where the engine did not say.</summary>
    public DateTimeOffset CreatedAt { get; init; } = DateTimeOffset.MinValue;

    /// <summary>The named volumes it mounts (binds are not volumes).</summary>
    public IReadOnlyList<string> VolumeNames { get; init; } = [];

    /// <summary>What <c>docker system df</c> counts as active: it runs, or is paused or restarting.</summary>
    public bool IsActive => State is "running" or "paused" or "restarting";
}
