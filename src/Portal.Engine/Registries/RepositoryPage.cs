namespace Portal.Engine.Registries;

/// <summary>One page of repository names, in the registry's (lexical) order.</summary>
/// <param name="Next">The <c>last</c> to ask for the next page with, or null when this is the last page.</param>
public sealed record RepositoryPage(IReadOnlyList<string> Repositories, string? Next);
