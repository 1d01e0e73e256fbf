using Portal.Engine.Cleanup;

namespace Portal.Api;

/// <summary>An image reference cleanup never removes.</summary>
public sealed record ProtectedImageResponse(string Reference, string ProtectedBy, DateTimeOffset ProtectedAt)
{
    public static ProtectedImageResponse From(ProtectedImageView view) => new(view.Reference, view.ProtectedBy, view.ProtectedAt);
}
