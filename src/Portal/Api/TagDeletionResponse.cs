namespace Portal.Api;

/// <summary>A deleted manifest: every tag on its digest went with it; space returns at the registry's garbage collection.</summary>
public sealed record TagDeletionResponse(string Digest, IReadOnlyList<string> RemovedTags, string Note);
