namespace Portal.Api;

/// <summary>One page of repositories; pass <c>next</c> as <c>last</c> for the following page (null: no more).</summary>
public sealed record RepositoryPageResponse(string Registry, IReadOnlyList<string> Repositories, string? Next);
