namespace Portal.Data.Entities;

/// <summary>
/// An image an admin marked as never to be removed by cleanup. Kept by reference (<c>repository:tag</c>), so the
/// protection follows the name when the tag is pulled again and points at a new id.
/// </summary>
public sealed class ProtectedImage
{
    public required string Reference { get; set; }

    public required string ProtectedBy { get; set; }

    public DateTimeOffset ProtectedAt { get; set; }
}
