using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Portal.Engine.Registries;

/// <summary>
/// Reads a tag's manifest (Docker v2, OCI manifest, Docker manifest list or OCI index), the manifests an index
/// points at, and the config blob with the image's created time, labels and history.
/// </summary>
internal sealed class ManifestReader(RegistryClient client)
{
    /// <summary>Platform manifests read per index; attestation-heavy indexes can list many.</summary>
    private const int MaxPlatforms = 32;

    public async Task<TagDetail> ReadAsync(RegistryAccess access, string repository, string tag, CancellationToken cancellationToken)
    {
        var (body, digest, mediaType) = await GetManifestAsync(access, repository, tag, $"There is no tag '{tag}' in '{repository}' (or no repository '{repository}').", cancellationToken).ConfigureAwait(false);
        using (body)
        {
            var detail = new TagDetail
            {
                Registry = access.Registry.Name,
                Repository = repository,
                Tag = tag,
                Digest = digest,
                MediaType = mediaType,
                PullReference = $"{access.Registry.Host}/{repository}:{tag}",
            };
            if (!ManifestMediaTypes.IsIndex(mediaType))
            {
                var image = await ReadImageAsync(access, repository, body.RootElement, withConfig: true, cancellationToken).ConfigureAwait(false);
                return detail with { CompressedSize = image.Size, Created = image.Created, Labels = image.Labels, History = image.History };
            }

            var platforms = new List<PlatformManifest>();
            ImageFacts? first = null;
            foreach (var entry in Children(body.RootElement).Take(MaxPlatforms))
            {
                var childDigest = entry.TryGetProperty("digest", out var d) ? d.GetString() : null;
                if (childDigest is null)
                {
                    continue;
                }

                var platform = PlatformOf(entry);
                var childType = entry.TryGetProperty("mediaType", out var m) ? m.GetString() ?? string.Empty : string.Empty;
                long? size = null;
                try
                {
                    var (child, _, childMediaType) = await GetManifestAsync(access, repository, childDigest, $"The index names {childDigest}, which is not in '{repository}'.", cancellationToken).ConfigureAwait(false);
                    using (child)
                    {
                        childType = childMediaType;
                        // Created, labels and history come from the first real platform (attestations are "unknown").
                        var withConfig = first is null && !platform.StartsWith("unknown", StringComparison.Ordinal);
                        var image = await ReadImageAsync(access, repository, child.RootElement, withConfig, cancellationToken).ConfigureAwait(false);
                        size = image.Size;
                        first ??= withConfig ? image : null;
                    }
                }
                catch (RegistryException ex) when (ex.Error.Code == RegistryErrorCodes.NotFound)
                {
                    // An index may name platforms that were never pushed: show the entry without a size.
                }

                platforms.Add(new PlatformManifest(platform, childDigest, childType, size));
            }

            return detail with
            {
                IsIndex = true,
                Platforms = platforms,
                CompressedSize = platforms.All(p => p.CompressedSize is not null) ? platforms.Sum(p => p.CompressedSize!.Value) : null,
                Created = first?.Created,
                Labels = first?.Labels ?? new Dictionary<string, string>(),
                History = first?.History ?? [],
            };
        }
    }

    /// <summary>The manifest's digest as the registry reports it for a HEAD, or null when the tag does not exist.</summary>
    public async Task<string?> ResolveDigestAsync(RegistryAccess access, string repository, string reference, CancellationToken cancellationToken)
    {
        using var response = await client.SendAsync(access, HttpMethod.Head, ManifestPath(repository, reference), PullScope(repository), ManifestMediaTypes.All, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await RegistryClient.EnsureSuccessAsync(access, response, $"There is no tag '{reference}' in '{repository}'.", cancellationToken).ConfigureAwait(false);
        return response.Headers.TryGetValues("Docker-Content-Digest", out var values) ? values.FirstOrDefault() : null;
    }

    public static string ManifestPath(string repository, string reference) => $"/v2/{repository}/manifests/{reference}";

    public static string PullScope(string repository) => $"repository:{repository}:pull";

    private async Task<(JsonDocument Body, string Digest, string MediaType)> GetManifestAsync(
        RegistryAccess access, string repository, string reference, string notFound, CancellationToken cancellationToken)
    {
        var (body, headers, contentType) = await client.GetJsonAsync(access, ManifestPath(repository, reference), PullScope(repository), ManifestMediaTypes.All, notFound, cancellationToken).ConfigureAwait(false);
        var root = body.RootElement;
        var mediaType = root.TryGetProperty("mediaType", out var m) && m.GetString() is { Length: > 0 } declared
            ? declared
            : contentType ?? ManifestMediaTypes.OciManifest;
        if (!ManifestMediaTypes.All.Contains(mediaType))
        {
            body.Dispose();
            throw new RegistryException(new RegistryError(RegistryErrorCodes.Failed, $"'{repository}:{reference}' is a {mediaType}, which the portal does not read (schema 1 manifests are deprecated)."));
        }

        // Distribution and Harbor always send the digest; without it a delete could not be aimed, so say so.
        if (!headers.TryGetValues("Docker-Content-Digest", out var values) || values.FirstOrDefault() is not { } digest)
        {
            body.Dispose();
            throw new RegistryException(new RegistryError(RegistryErrorCodes.Failed, $"The registry {access.Registry.Url} sent '{repository}:{reference}' without a Docker-Content-Digest header."));
        }

        return (body, digest, mediaType);
    }

    private async Task<ImageFacts> ReadImageAsync(RegistryAccess access, string repository, JsonElement manifest, bool withConfig, CancellationToken cancellationToken)
    {
        var layerSizes = manifest.TryGetProperty("layers", out var layers) && layers.ValueKind == JsonValueKind.Array
            ? layers.EnumerateArray().Select(l => l.TryGetProperty("size", out var s) && s.TryGetInt64(out var v) ? v : 0).ToList()
            : [];
        var configSize = 0L;
        string? configDigest = null;
        if (manifest.TryGetProperty("config", out var config) && config.ValueKind == JsonValueKind.Object)
        {
            configSize = config.TryGetProperty("size", out var s) && s.TryGetInt64(out var v) ? v : 0;
            configDigest = config.TryGetProperty("digest", out var d) ? d.GetString() : null;
        }

        var facts = new ImageFacts(configSize + layerSizes.Sum(), null, new Dictionary<string, string>(), []);
        if (!withConfig || configDigest is null)
        {
            return facts;
        }

        var (body, _, _) = await client.GetJsonAsync(access, $"/v2/{repository}/blobs/{configDigest}", PullScope(repository), null, $"The config blob {configDigest} of '{repository}' is missing.", cancellationToken).ConfigureAwait(false);
        using (body)
        {
            return ReadConfig(body.RootElement, facts, layerSizes);
        }
    }

    /// <summary>The image config: <c>created</c>, <c>config.Labels</c> and <c>history</c>, each step matched to its layer's size.</summary>
    internal static ImageFacts ReadConfig(JsonElement root, ImageFacts facts, IReadOnlyList<long> layerSizes)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return facts;
        }

        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (root.TryGetProperty("config", out var config) && config.ValueKind == JsonValueKind.Object
            && config.TryGetProperty("Labels", out var labelElement) && labelElement.ValueKind == JsonValueKind.Object)
        {
            foreach (var label in labelElement.EnumerateObject())
            {
                labels[label.Name] = label.Value.ValueKind == JsonValueKind.String ? label.Value.GetString()! : label.Value.GetRawText();
            }
        }

        var history = new List<LayerHistoryEntry>();
        if (root.TryGetProperty("history", out var steps) && steps.ValueKind == JsonValueKind.Array)
        {
            var layer = 0;
            foreach (var step in steps.EnumerateArray())
            {
                var empty = step.TryGetProperty("empty_layer", out var e) && e.ValueKind == JsonValueKind.True;
                long? size = empty ? null : layer < layerSizes.Count ? layerSizes[layer] : null;
                layer += empty ? 0 : 1;
                var createdBy = step.TryGetProperty("created_by", out var c) ? c.GetString() ?? string.Empty : string.Empty;
                // `docker import` and some builders leave created_by empty and say what happened in the comment.
                if (createdBy.Length == 0 && step.TryGetProperty("comment", out var comment) && comment.ValueKind == JsonValueKind.String)
                {
                    createdBy = comment.GetString() ?? string.Empty;
                }

                history.Add(new LayerHistoryEntry(DateOf(step), createdBy, empty, size));
            }
        }

        return facts with { Created = DateOf(root), Labels = labels, History = history };
    }

    private static DateTimeOffset? DateOf(JsonElement element) =>
        element.TryGetProperty("created", out var created) && created.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(created.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
            ? value
            : null;

    private static IEnumerable<JsonElement> Children(JsonElement index) =>
        index.TryGetProperty("manifests", out var manifests) && manifests.ValueKind == JsonValueKind.Array ? manifests.EnumerateArray() : [];

    private static string PlatformOf(JsonElement entry)
    {
        if (!entry.TryGetProperty("platform", out var platform) || platform.ValueKind != JsonValueKind.Object)
        {
            return "unknown";
        }

        var os = platform.TryGetProperty("os", out var o) ? o.GetString() : null;
        var architecture = platform.TryGetProperty("architecture", out var a) ? a.GetString() : null;
        var variant = platform.TryGetProperty("variant", out var v) ? v.GetString() : null;
        return $"{os ?? "unknown"}/{architecture ?? "unknown"}" + (string.IsNullOrEmpty(variant) ? string.Empty : "/" + variant);
    }
}
