namespace Portal.Engine.Containers;

/// <summary>What to create. The launch policy (a later capability) decides what may reach this type.</summary>
public sealed record ContainerSpec
{
    public required string Name { get; init; }

    public required string Image { get; init; }

    public required string Owner { get; init; }

    public IReadOnlyList<string>? Command { get; init; }

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Extra labels, on top of the portal's own (which always win).</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
}
