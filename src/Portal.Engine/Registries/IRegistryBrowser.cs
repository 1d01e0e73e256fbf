using Portal.Engine.Containers;

namespace Portal.Engine.Registries;

/// <summary>
/// Browsing a configured registry through its HTTP API v2: everyone may read (it is the lab's shared registry);
/// deleting is for members in their own namespace and for admins anywhere, audited.
/// </summary>
public interface IRegistryBrowser
{
    /// <summary>
    /// Repository names containing <paramref name="search"/> (any case), after <paramref name="last"/>, at most
    /// <paramref name="count"/>; the registry's own pages are followed through their <c>Link</c> header until enough match.
    /// </summary>
    Task<RegistryResult<RepositoryPage>> ListRepositoriesAsync(string registry, string? search, string? last, int count, CancellationToken cancellationToken);

    /// <summary>Every tag of the repository containing <paramref name="search"/>, in <see cref="TagOrder"/>.</summary>
    Task<RegistryResult<IReadOnlyList<string>>> ListTagsAsync(string registry, string repository, string? search, CancellationToken cancellationToken);

    Task<RegistryResult<TagDetail>> GetTagAsync(string registry, string repository, string tag, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes the manifest the tag points at, by digest, which removes every tag on that digest (returned). Space is
    /// freed only when the registry's garbage collection runs.
    /// </summary>
    Task<RegistryResult<TagDeletion>> DeleteTagAsync(Actor actor, string registry, string repository, string tag, CancellationToken cancellationToken);
}
