namespace Portal.Engine.Registries;

/// <summary>What a tag points at, read from its manifest and config blob.</summary>
public sealed record TagDetail
{
    public required string Registry { get; init; }

    public required string Repository { get; init; }

    public required string Tag { get; init; }

    /// <summary>The manifest's digest (<c>Docker-Content-Digest</c>): what a delete removes.</summary>
    public required string Digest { get; init; }

    public required string MediaType { get; init; }

    /// <summary>True for a Docker manifest list or an OCI index (see <see cref="Platforms"/>).</summary>
    public bool IsIndex { get; init; }

    /// <summary>Config plus layers; for an index, the sum over its platforms.</summary>
    public long? CompressedSize { get; init; }

    public DateTimeOffset? Created { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<LayerHistoryEntry> History { get; init; } = [];

    public IReadOnlyList<PlatformManifest> Platforms { get; init; } = [];

    /// <summary>Other tags of the repository on the same digest: deleting this one deletes them too.</summary>
    public IReadOnlyList<string> TagsSharingDigest { get; init; } = [];

    /// <summary>The <c>docker pull</c> argument: <c>host[:port]/repository:tag</c>.</summary>
    public required string PullReference { get; init; }
}
