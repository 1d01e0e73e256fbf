using System.Net;
using System.Net.Http.Headers;

namespace Portal.Engine.Tests.Images;

/// <summary>The lab registry (<c>127.0.0.1:5000</c>, started by the set-up script), read and cleaned over its HTTP API.</summary>
internal static class LabRegistry
{
    public const string Host = "127.0.0.1:5000";

    private static readonly HttpClient Http = new() { BaseAddress = new Uri("http://" + Host + "/"), Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>True when the registry has <paramref name="repository"/>:<paramref name="tag"/>.</summary>
    public static async Task<bool> HasTagAsync(string repository, string tag, CancellationToken cancellationToken) =>
        await DigestAsync(Http, repository, tag, cancellationToken) is not null;

    /// <summary>Deletes a tag's manifest, when it is there (deletes are enabled on the lab registry).</summary>
    public static Task DeleteAsync(string repository, string tag, CancellationToken cancellationToken) =>
        DeleteAsync(Http, repository, tag, cancellationToken);

    public static async Task DeleteAsync(HttpClient http, string repository, string tag, CancellationToken cancellationToken)
    {
        if (await DigestAsync(http, repository, tag, cancellationToken) is not { } digest)
        {
            return;
        }

        using var response = await http.DeleteAsync(new Uri($"v2/{repository}/manifests/{digest}", UriKind.Relative), cancellationToken);
        Assert.True(response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.NotFound, $"DELETE {repository}@{digest}: {response.StatusCode}");
    }

    private static async Task<string?> DigestAsync(HttpClient http, string repository, string tag, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, new Uri($"v2/{repository}/manifests/{tag}", UriKind.Relative));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.docker.distribution.manifest.v2+json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.oci.image.manifest.v1+json"));
        using var response = await http.SendAsync(request, cancellationToken);
        return response.IsSuccessStatusCode && response.Headers.TryGetValues("Docker-Content-Digest", out var values) ? values.First() : null;
    }
}
