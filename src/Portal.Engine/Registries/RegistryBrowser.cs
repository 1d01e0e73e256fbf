using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Engine.Audit;
using Portal.Engine.Containers;

namespace Portal.Engine.Registries;

internal sealed partial class RegistryBrowser(
    IRegistryDirectory directory,
    RegistryClient client,
    ManifestReader manifests,
    IAuditLog audit,
    IOptions<RegistryOptions> options,
    ILogger<RegistryBrowser> logger) : IRegistryBrowser
{
    public const string DeleteAction = "registry.tag.delete";

    /// <summary>Tags compared by digest when looking for those a delete would take along.</summary>
    private const int MaxTagsCompared = 200;

    /// <summary>Registry pages followed for one answer: a search over a huge catalog stops instead of running for minutes.</summary>
    private const int MaxPagesPerCall = 1000;

    public Task<RegistryResult<RepositoryPage>> ListRepositoriesAsync(string registry, string? search, string? last, int count, CancellationToken cancellationToken) =>
        RunAsync(registry, cancellationToken, async access =>
        {
            var wanted = Math.Clamp(count, 1, RegistryOptionsValidator.MaxPageSize);
            var filter = string.IsNullOrWhiteSpace(search) ? null : search.Trim();
            var found = new List<string>();
            string? path = CatalogPath(last);
            var more = false;
            for (var pages = 0; path is not null && pages < MaxPagesPerCall; pages++)
            {
                var (names, next) = await ReadPageAsync(access, path, "repositories", "registry:catalog:*", "The registry has no catalog (/v2/_catalog).", cancellationToken).ConfigureAwait(false);
                foreach (var name in names)
                {
                    if (filter is null || name.Contains(filter, StringComparison.OrdinalIgnoreCase))
                    {
                        if (found.Count == wanted)
                        {
                            more = true;
                            break;
                        }

                        found.Add(name);
                    }
                }

                if (more)
                {
                    break;
                }

                path = next;
            }

            // Pages remain (a full page, or the per-call page limit hit): the caller continues after the last name found. A
            // full page followed by nothing makes the next call answer an empty page, which is harmless.
            more |= path is not null && found.Count > 0;
            return new RepositoryPage(found, more ? found[^1] : null);
        });

    public Task<RegistryResult<IReadOnlyList<string>>> ListTagsAsync(string registry, string repository, string? search, CancellationToken cancellationToken) =>
        RunAsync(registry, cancellationToken, async access =>
        {
            RequireRepository(repository);
            var tags = await ReadAllTagsAsync(access, repository, cancellationToken).ConfigureAwait(false);
            var filter = string.IsNullOrWhiteSpace(search) ? null : search.Trim();
            return TagOrder.Sort(filter is null ? tags : tags.Where(t => t.Contains(filter, StringComparison.OrdinalIgnoreCase)));
        });

    public Task<RegistryResult<TagDetail>> GetTagAsync(string registry, string repository, string tag, CancellationToken cancellationToken) =>
        RunAsync(registry, cancellationToken, async access =>
        {
            RequireRepository(repository);
            RequireTag(tag);
            var detail = await manifests.ReadAsync(access, repository, tag, cancellationToken).ConfigureAwait(false);
            var sharing = await TagsOnDigestAsync(access, repository, detail.Digest, cancellationToken).ConfigureAwait(false);
            return detail with { TagsSharingDigest = sharing.Where(t => t != tag).ToList() };
        });

    public async Task<RegistryResult<TagDeletion>> DeleteTagAsync(Actor actor, string registry, string repository, string tag, CancellationToken cancellationToken)
    {
        var target = $"{registry}/{repository}:{tag}";
        if (RegistryNames.IsValidRepository(repository) && !RegistryNames.MayDelete(actor, repository))
        {
            var refused = new RegistryError(
                RegistryErrorCodes.Forbidden,
                $"Members may delete only in their own namespace '{RegistryNames.NamespaceOf(actor.UserName)}...'; '{repository}' is outside it. Ask an admin.");
            await audit.WriteAsync(actor.UserName, DeleteAction, target, AuditOutcome.Refused, refused.Message, CancellationToken.None).ConfigureAwait(false);
            return RegistryResult<TagDeletion>.Failure(refused);
        }

        var result = await RunAsync(registry, cancellationToken, async access =>
        {
            RequireRepository(repository);
            RequireTag(tag);
            var digest = await manifests.ResolveDigestAsync(access, repository, tag, cancellationToken).ConfigureAwait(false)
                ?? throw new RegistryException(new RegistryError(RegistryErrorCodes.NotFound, $"There is no tag '{tag}' in '{repository}' (or no repository '{repository}')."));
            // Known before the delete: afterwards the other tags no longer resolve.
            var removed = await TagsOnDigestAsync(access, repository, digest, cancellationToken).ConfigureAwait(false);
            using var response = await client.SendAsync(
                access, HttpMethod.Delete, ManifestReader.ManifestPath(repository, digest), $"repository:{repository}:delete", null, cancellationToken).ConfigureAwait(false);
            await RegistryClient.EnsureSuccessAsync(access, response, $"The manifest {digest} of '{repository}' is gone already.", cancellationToken).ConfigureAwait(false);
            return new TagDeletion(digest, removed.Contains(tag, StringComparer.Ordinal) ? removed : [tag, .. removed]);
        }).ConfigureAwait(false);

        var outcome = result.Succeeded ? AuditOutcome.Succeeded : result.Error!.Code is RegistryErrorCodes.NotFound or RegistryErrorCodes.InvalidRequest ? AuditOutcome.Refused : AuditOutcome.Failed;
        var detail = result.Succeeded ? $"{result.Value!.Digest}; tags removed: {string.Join(", ", result.Value.RemovedTags)}" : $"{result.Error!.Code}: {result.Error.Message}";
        await audit.WriteAsync(actor.UserName, DeleteAction, target, outcome, detail, CancellationToken.None).ConfigureAwait(false);
        if (result.Succeeded)
        {
            LogDeleted(logger, actor.UserName, target, result.Value!.Digest);
        }

        return result;
    }

    private async Task<RegistryResult<T>> RunAsync<T>(string registry, CancellationToken cancellationToken, Func<RegistryAccess, Task<T>> action)
    {
        var access = await directory.FindByNameAsync(registry, cancellationToken).ConfigureAwait(false);
        if (access is null)
        {
            return RegistryResult<T>.Failure(RegistryError.UnknownRegistry(registry));
        }

        try
        {
            return RegistryResult<T>.Success(await action(access).ConfigureAwait(false));
        }
        catch (RegistryException ex)
        {
            return RegistryResult<T>.Failure(ex.Error);
        }
    }

    private async Task<IReadOnlyList<string>> ReadAllTagsAsync(RegistryAccess access, string repository, CancellationToken cancellationToken)
    {
        var tags = new List<string>();
        string? path = $"/v2/{repository}/tags/list?n={options.Value.PageSize}";
        for (var pages = 0; path is not null && pages < MaxPagesPerCall; pages++)
        {
            var (names, next) = await ReadPageAsync(access, path, "tags", ManifestReader.PullScope(repository), $"There is no repository '{repository}' in the registry.", cancellationToken).ConfigureAwait(false);
            tags.AddRange(names);
            path = next;
        }

        return tags;
    }

    /// <summary>The tags (up to <see cref="MaxTagsCompared"/>) whose manifest is <paramref name="digest"/>.</summary>
    private async Task<IReadOnlyList<string>> TagsOnDigestAsync(RegistryAccess access, string repository, string digest, CancellationToken cancellationToken)
    {
        var tags = await ReadAllTagsAsync(access, repository, cancellationToken).ConfigureAwait(false);
        var matching = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForEachAsync(
            tags.Take(MaxTagsCompared),
            new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken },
            async (tag, ct) =>
            {
                if (await manifests.ResolveDigestAsync(access, repository, tag, ct).ConfigureAwait(false) == digest)
                {
                    matching.Add(tag);
                }
            }).ConfigureAwait(false);
        return TagOrder.Sort(matching);
    }

    private async Task<(IReadOnlyList<string> Names, string? Next)> ReadPageAsync(
        RegistryAccess access, string path, string property, string scope, string notFound, CancellationToken cancellationToken)
    {
        using var response = await client.SendAsync(access, HttpMethod.Get, path, scope, ["application/json"], cancellationToken).ConfigureAwait(false);
        await RegistryClient.EnsureSuccessAsync(access, response, notFound, cancellationToken).ConfigureAwait(false);
        try
        {
            using var body = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false));
            // A repository whose tags were all deleted answers "tags": null.
            var names = body.RootElement.TryGetProperty(property, out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Select(e => e.GetString()).OfType<string>().ToList()
                : [];
            return (names, LinkHeader.NextOf(response.Headers));
        }
        catch (JsonException ex)
        {
            throw new RegistryException(new RegistryError(RegistryErrorCodes.Failed, $"{access.Registry.Url}{path} did not answer with JSON: {ex.Message}"));
        }
    }

    private string CatalogPath(string? last) =>
        $"/v2/_catalog?n={options.Value.PageSize}" + (string.IsNullOrEmpty(last) ? string.Empty : "&last=" + Uri.EscapeDataString(last));

    private static void RequireRepository(string repository)
    {
        if (!RegistryNames.IsValidRepository(repository))
        {
            throw new RegistryException(RegistryError.Invalid(new Dictionary<string, string[]>
            {
                ["repository"] = [$"'{repository}' is not a repository name (lower-case path components like 'alice/project')."],
            }));
        }
    }

    private static void RequireTag(string tag)
    {
        if (!RegistryNames.IsValidTag(tag))
        {
            throw new RegistryException(RegistryError.Invalid(new Dictionary<string, string[]>
            {
                ["tag"] = [$"'{tag}' is not a tag (letters, digits, '_', '.' and '-', up to 128)."],
            }));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Actor} deleted {Target} ({Digest})")]
    private static partial void LogDeleted(ILogger logger, string actor, string target, string digest);
}
