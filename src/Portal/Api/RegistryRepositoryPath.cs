namespace Portal.Api;

/// <summary>
/// Splits what follows <c>/repositories/</c> the way the Registry API does: repository names contain slashes, so the
/// last <c>/tags</c> segment separates the name from the tag (<c>alice/project/tags/v1</c>).
/// </summary>
public sealed record RegistryRepositoryPath(string Repository, string? Tag)
{
    private const string TagsSegment = "/tags";

    /// <summary>The parts, or null when the path names neither a tag list nor a tag.</summary>
    public static RegistryRepositoryPath? Parse(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }

        path = path.TrimEnd('/');
        if (path.EndsWith(TagsSegment, StringComparison.Ordinal) && path.Length > TagsSegment.Length)
        {
            return new RegistryRepositoryPath(path[..^TagsSegment.Length], null);
        }

        var split = path.LastIndexOf(TagsSegment + "/", StringComparison.Ordinal);
        if (split <= 0)
        {
            return null;
        }

        var tag = path[(split + TagsSegment.Length + 1)..];
        return tag.Length == 0 || tag.Contains('/', StringComparison.Ordinal) ? null : new RegistryRepositoryPath(path[..split], tag);
    }
}
