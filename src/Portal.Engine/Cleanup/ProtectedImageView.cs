namespace Portal.Engine.Cleanup;

/// <summary>An image reference an admin protected from cleanup.</summary>
public sealed record ProtectedImageView(string Reference, string ProtectedBy, DateTimeOffset ProtectedAt);
