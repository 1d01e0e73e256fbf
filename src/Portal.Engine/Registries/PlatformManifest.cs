namespace Portal.Engine.Registries;

/// <summary>One entry of a manifest list or OCI index.</summary>
/// <param name="Platform"><c>os/architecture[/variant]</c>, or <c>unknown</c> (attestations have none).</param>
/// <param name="CompressedSize">Config plus layers of that manifest, or null when it could not be read.</param>
public sealed record PlatformManifest(string Platform, string Digest, string MediaType, long? CompressedSize);
