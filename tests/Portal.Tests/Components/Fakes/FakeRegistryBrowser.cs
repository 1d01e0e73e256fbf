using System.Collections.Concurrent;
using Portal.Engine.Containers;
using Portal.Engine.Registries;

namespace Portal.Tests.Components.Fakes;

/// <summary>An in-memory registry for page tests: repositories in order, their tags and details; deletes are recorded.</summary>
internal sealed class FakeRegistryBrowser : IRegistryBrowser
{
    public SortedDictionary<string, List<string>> Tags { get; } = new(StringComparer.Ordinal);

    public Dictionary<(string Repository, string Tag), TagDetail> Details { get; } = [];

    public ConcurrentQueue<(Actor Actor, string Repository, string Tag)> Deletes { get; } = new();

    public ConcurrentQueue<(string? Search, string? Last, int Count)> RepositoryCalls { get; } = new();

    /// <summary>When set, every call fails with it.</summary>
    public RegistryError? Failure { get; set; }

    public Task<RegistryResult<RepositoryPage>> ListRepositoriesAsync(string registry, string? search, string? last, int count, CancellationToken cancellationToken)
    {
        RepositoryCalls.Enqueue((search, last, count));
        if (Failure is not null)
        {
            return Task.FromResult(RegistryResult<RepositoryPage>.Failure(Failure));
        }

        var matching = Tags.Keys.Where(r => (last is null || string.CompareOrdinal(r, last) > 0) && (search is null || r.Contains(search, StringComparison.OrdinalIgnoreCase))).ToList();
        var page = matching.Take(count).ToList();
        return Task.FromResult(RegistryResult<RepositoryPage>.Success(new RepositoryPage(page, matching.Count > count ? page[^1] : null)));
    }

    public Task<RegistryResult<IReadOnlyList<string>>> ListTagsAsync(string registry, string repository, string? search, CancellationToken cancellationToken) =>
        Task.FromResult(Tags.TryGetValue(repository, out var tags)
            ? RegistryResult<IReadOnlyList<string>>.Success(TagOrder.Sort(tags))
            : RegistryResult<IReadOnlyList<string>>.Failure(new RegistryError(RegistryErrorCodes.NotFound, $"There is no repository '{repository}' in the registry.")));

    public Task<RegistryResult<TagDetail>> GetTagAsync(string registry, string repository, string tag, CancellationToken cancellationToken) =>
        Task.FromResult(Details.TryGetValue((repository, tag), out var detail)
            ? RegistryResult<TagDetail>.Success(detail)
            : RegistryResult<TagDetail>.Failure(new RegistryError(RegistryErrorCodes.NotFound, $"There is no tag '{tag}' in '{repository}'.")));

    public Task<RegistryResult<TagDeletion>> DeleteTagAsync(Actor actor, string registry, string repository, string tag, CancellationToken cancellationToken)
    {
        Deletes.Enqueue((actor, repository, tag));
        if (Failure is not null)
        {
            return Task.FromResult(RegistryResult<TagDeletion>.Failure(Failure));
        }

        var detail = Details[(repository, tag)];
        var removed = new List<string> { tag };
        removed.AddRange(detail.TagsSharingDigest);
        Tags[repository].RemoveAll(removed.Contains);
        return Task.FromResult(RegistryResult<TagDeletion>.Success(new TagDeletion(detail.Digest, removed)));
    }

    /// <summary>Adds a tag with a plain Docker v2 detail.</summary>
    public TagDetail Add(string repository, string tag, params string[] sharing)
    {
        if (!Tags.TryGetValue(repository, out var tags))
        {
            Tags[repository] = tags = [];
        }

        tags.Add(tag);
        var detail = new TagDetail
        {
            Registry = "lab",
            Repository = repository,
            Tag = tag,
            Digest = "sha256:" + new string('a', 64),
            MediaType = ManifestMediaTypes.DockerManifest,
            CompressedSize = 3 * 1024 * 1024,
            Created = new DateTimeOffset(2026, 11, 2, 8, 30, 0, TimeSpan.Zero),
            Labels = new Dictionary<string, string> { ["org.opencontainers.image.title"] = repository },
            History = [new LayerHistoryEntry(null, "/bin/sh -c #(nop) ADD file:abc in /", false, 3 * 1024 * 1024), new LayerHistoryEntry(null, "CMD [\"sh\"]", true, null)],
            TagsSharingDigest = sharing,
            PullReference = $"127.0.0.1:5000/{repository}:{tag}",
        };
        Details[(repository, tag)] = detail;
        return detail;
    }
}
