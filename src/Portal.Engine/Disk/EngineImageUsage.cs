namespace Portal.Engine.Disk;

/// <summary>One image of <c>/system/df</c>. Sizes are -1 where the engine did not compute them.</summary>
/// <param name="Size">All its layers.</param>
/// <param name="SharedSize">Its layers that other images use too.</param>
/// <param name="Containers">Containers made from it, running or not.</param>
public sealed record EngineImageUsage(string Id, IReadOnlyList<string> RepoTags, long Size, long SharedSize, long Containers)
{
    /// <summary>When it was built; <see cref="DateTimeOffset.MinValue"/> where the engine did not say.</summary>
    public DateTimeOffset CreatedAt { get; init; } = DateTimeOffset.MinValue;

    /// <summary>What <c>docker system df -v</c> calls UNIQUE SIZE: the bytes removing this image alone would free.</summary>
    public long UniqueSize => Size < 0 ? 0 : Size - Math.Max(0, SharedSize);

    public long SharedBytes => Size < 0 ? 0 : Math.Max(0, SharedSize);
}
