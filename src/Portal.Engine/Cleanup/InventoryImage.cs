namespace Portal.Engine.Cleanup;

/// <summary>An image as <c>/system/df</c> lists it: its tags, its size, the part shared with other images, and how many containers use it.</summary>
internal sealed record InventoryImage(
    string Id,
    IReadOnlyList<string> RepoTags,
    DateTimeOffset CreatedAt,
    long Size,
    long SharedSize,
    long Containers)
{
    public bool IsDangling => RepoTags.Count == 0;

    /// <summary>What removing it frees: its layers no other image has (Docker's "unique size").</summary>
    public long UniqueSize => SharedSize >= 0 ? Math.Max(0, Size - SharedSize) : Size;

    public string ShortId
    {
        get
        {
            var hex = Id.StartsWith("sha256:", StringComparison.Ordinal) ? Id[7..] : Id;
            return hex.Length > 12 ? hex[..12] : hex;
        }
    }

    public string DisplayName => IsDangling ? $"<none> ({ShortId})" : string.Join(", ", RepoTags);
}
