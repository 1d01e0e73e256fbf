namespace Portal.Engine.Registries;

/// <summary>The manifest formats the portal reads, and the Accept header that asks for any of them.</summary>
public static class ManifestMediaTypes
{
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";

    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";

    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";

    public const string OciIndex = "application/vnd.oci.image.index.v1+json";

    public static IReadOnlyList<string> All { get; } = [DockerManifest, DockerManifestList, OciManifest, OciIndex];

    public static bool IsIndex(string mediaType) => mediaType is DockerManifestList or OciIndex;

    /// <summary>A name for people: "Docker v2 manifest", "OCI index", ...</summary>
    public static string Describe(string mediaType) => mediaType switch
    {
        DockerManifest => "Docker v2 manifest",
        DockerManifestList => "Docker manifest list",
        OciManifest => "OCI manifest",
        OciIndex => "OCI index",
        _ => mediaType,
    };
}
