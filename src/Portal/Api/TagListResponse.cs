namespace Portal.Api;

/// <summary>A repository's tags, <c>latest</c> first, then versions newest first, then the rest.</summary>
public sealed record TagListResponse(string Registry, string Repository, IReadOnlyList<string> Tags);
