namespace Portal.Engine.Registries;

/// <summary>What one image manifest and its config say: compressed size, created time, labels and history.</summary>
internal sealed record ImageFacts(long Size, DateTimeOffset? Created, IReadOnlyDictionary<string, string> Labels, IReadOnlyList<LayerHistoryEntry> History);
