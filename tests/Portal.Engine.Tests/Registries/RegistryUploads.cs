using System.IO.Compression;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Portal.Engine.Registries;

namespace Portal.Engine.Tests.Registries;

/// <summary>
/// Puts images into a registry with its HTTP API, as a test's setup: blobs (monolithic upload), image manifests
/// (Docker v2 or OCI) and OCI indexes. Every layer is a small gzip of random bytes: the registry stores, it does not unpack.
/// </summary>
public sealed class RegistryUploads(string baseUrl, Func<string, AuthenticationHeaderValue?>? authorize = null) : IDisposable
{
    public static readonly DateTimeOffset Created = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly HttpClient _http = new();

    /// <summary>Pushes a one-layer image and tags it; returns the manifest's digest and its compressed size (config plus layer).</summary>
    public async Task<(string Digest, long Size)> PushImageAsync(
        string repository, string tag, CancellationToken cancellationToken, string mediaType = ManifestMediaTypes.OciManifest,
        string architecture = "amd64", IReadOnlyDictionary<string, string>? labels = null)
    {
        var (manifest, size) = await PutImageBlobsAsync(repository, mediaType, architecture, labels, cancellationToken);
        var digest = await PutManifestAsync(repository, tag, mediaType, manifest, cancellationToken);
        return (digest, size);
    }

    /// <summary>Pushes an amd64 and an arm64 image and an OCI index over both under <paramref name="tag"/>.</summary>
    public async Task<(string Digest, IReadOnlyList<(string Platform, string Digest, long Size)> Platforms)> PushIndexAsync(
        string repository, string tag, CancellationToken cancellationToken)
    {
        var platforms = new List<(string Platform, string Digest, long Size)>();
        var entries = new List<object>();
        foreach (var architecture in new[] { "amd64", "arm64" })
        {
            var (manifest, size) = await PutImageBlobsAsync(repository, ManifestMediaTypes.OciManifest, architecture, new Dictionary<string, string> { ["arch"] = architecture }, cancellationToken);
            var digest = await PutManifestAsync(repository, DigestOf(manifest), ManifestMediaTypes.OciManifest, manifest, cancellationToken);
            platforms.Add(($"linux/{architecture}", digest, size));
            entries.Add(new { mediaType = ManifestMediaTypes.OciManifest, digest, size = manifest.Length, platform = new { architecture, os = "linux" } });
        }

        var index = JsonSerializer.SerializeToUtf8Bytes(new { schemaVersion = 2, mediaType = ManifestMediaTypes.OciIndex, manifests = entries });
        return (await PutManifestAsync(repository, tag, ManifestMediaTypes.OciIndex, index, cancellationToken), platforms);
    }

    public async Task<string> PutManifestAsync(string repository, string reference, string mediaType, byte[] manifest, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Put, $"{baseUrl}/v2/{repository}/manifests/{reference}", repository);
        request.Content = new ByteArrayContent(manifest);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        using var response = await _http.SendAsync(request, cancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"PUT manifest {repository}:{reference}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
        return response.Headers.GetValues("Docker-Content-Digest").Single();
    }

    public void Dispose() => _http.Dispose();

    private async Task<(byte[] Manifest, long Size)> PutImageBlobsAsync(
        string repository, string mediaType, string architecture, IReadOnlyDictionary<string, string>? labels, CancellationToken cancellationToken)
    {
        var content = RandomNumberGenerator.GetBytes(2048);
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            await gzip.WriteAsync(content, cancellationToken);
        }

        var layer = compressed.ToArray();
        var config = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["architecture"] = architecture,
            ["os"] = "linux",
            ["created"] = Created.ToString("O"),
            ["config"] = new Dictionary<string, object> { ["Labels"] = labels ?? new Dictionary<string, string>(), ["Cmd"] = new[] { "sh" } },
            ["rootfs"] = new { type = "layers", diff_ids = new[] { DigestOf(content) } },
            ["history"] = new object[]
            {
                new { created = Created.ToString("O"), created_by = "/bin/sh -c #(nop) ADD file:test in / " },
                new { created = Created.ToString("O"), created_by = "/bin/sh -c #(nop)  LABEL test=1", empty_layer = true },
            },
        });
        await PutBlobAsync(repository, layer, cancellationToken);
        await PutBlobAsync(repository, config, cancellationToken);
        var docker = mediaType == ManifestMediaTypes.DockerManifest;
        var manifest = JsonSerializer.SerializeToUtf8Bytes(new
        {
            schemaVersion = 2,
            mediaType,
            config = new { mediaType = docker ? "application/vnd.docker.container.image.v1+json" : "application/vnd.oci.image.config.v1+json", digest = DigestOf(config), size = config.Length },
            layers = new[] { new { mediaType = docker ? "application/vnd.docker.image.rootfs.diff.tar.gzip" : "application/vnd.oci.image.layer.v1.tar+gzip", digest = DigestOf(layer), size = layer.Length } },
        });
        return (manifest, config.Length + layer.Length);
    }

    private async Task PutBlobAsync(string repository, byte[] blob, CancellationToken cancellationToken)
    {
        using var start = Request(HttpMethod.Post, $"{baseUrl}/v2/{repository}/blobs/uploads/", repository);
        using var started = await _http.SendAsync(start, cancellationToken);
        Assert.True(started.IsSuccessStatusCode, $"POST blob upload: {(int)started.StatusCode}");
        var location = started.Headers.Location!;
        var target = location.IsAbsoluteUri ? location.ToString() : baseUrl + location;
        target += (target.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "digest=" + Uri.EscapeDataString(DigestOf(blob));
        using var put = Request(HttpMethod.Put, target, repository);
        put.Content = new ByteArrayContent(blob);
        put.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var done = await _http.SendAsync(put, cancellationToken);
        Assert.True(done.IsSuccessStatusCode, $"PUT blob: {(int)done.StatusCode} {await done.Content.ReadAsStringAsync(cancellationToken)}");
    }

    private HttpRequestMessage Request(HttpMethod method, string url, string repository) =>
        new(method, new Uri(url)) { Headers = { Authorization = authorize?.Invoke(repository) } };

    public static string DigestOf(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
}
