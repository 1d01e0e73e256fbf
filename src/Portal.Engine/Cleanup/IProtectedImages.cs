namespace Portal.Engine.Cleanup;

/// <summary>
/// Image references (<c>repository:tag</c>) that cleanup never removes, whatever their age or use. Kept by name, so
/// the protection follows a tag that is pulled again. Changes are audited.
/// </summary>
public interface IProtectedImages
{
    Task<IReadOnlyList<ProtectedImageView>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Protects a reference (no tag means <c>:latest</c>). Returns the entry, or an error for a reference that is not an image name.</summary>
    Task<(ProtectedImageView? Protected, string? Error)> ProtectAsync(string actor, string reference, CancellationToken cancellationToken);

    /// <summary>Returns false when the reference was not protected.</summary>
    Task<bool> UnprotectAsync(string actor, string reference, CancellationToken cancellationToken);
}
