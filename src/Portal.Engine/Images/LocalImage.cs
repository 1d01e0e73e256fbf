namespace Portal.Engine.Images;

/// <summary>An image on this workstation's engine, with who brought it through the portal and what uses it.</summary>
/// <param name="Id">The image id (<c>sha256:...</c>).</param>
/// <param name="Tags">Its <c>repository:tag</c> names; empty for an untagged image.</param>
/// <param name="Size">Its size on disk with every layer, in bytes (shared layers counted in full).</param>
/// <param name="Owner">Who pulled, built or committed it through the portal; null for images from elsewhere.</param>
/// <param name="Source">How it came (<c>pull</c>, <c>build</c>, <c>commit</c>), when the portal knows.</param>
/// <param name="UsedBy">Names of the containers made from it, running or not.</param>
public sealed record LocalImage(
    string Id,
    IReadOnlyList<string> Tags,
    long Size,
    DateTimeOffset CreatedAt,
    string? Owner,
    string? Source,
    IReadOnlyList<string> UsedBy)
{
    /// <summary>The 12 hex digits Docker shows.</summary>
    public string ShortId => (Id.StartsWith("sha256:", StringComparison.Ordinal) ? Id[7..] : Id) is { Length: > 12 } hex ? hex[..12] : Id;

    public bool IsInUse => UsedBy.Count > 0;
}
