namespace Portal.Engine.Registries;

/// <summary>A deleted manifest and the tags that went with it.</summary>
/// <param name="RemovedTags">The tag asked for and every other tag that pointed at the same digest.</param>
public sealed record TagDeletion(string Digest, IReadOnlyList<string> RemovedTags);
