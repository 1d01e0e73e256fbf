namespace Portal.Engine.Host;

/// <summary>
/// The file system holding one folder the portal cares about, as <c>df</c> shows it: used is what is taken, free
/// what an ordinary user may still write. Sizes are null, with an <see cref="Error"/>, where the folder cannot be
/// read from the portal (a remote engine, or a portal in a container without the folder mounted).
/// </summary>
public sealed record DiskSpace
{
    /// <summary>What the folder is for, such as "Docker" or "Workspaces".</summary>
    public required string Label { get; init; }

    public required string Path { get; init; }

    public long? TotalBytes { get; init; }

    public long? UsedBytes { get; init; }

    public long? FreeBytes { get; init; }

    public string? Error { get; init; }

    /// <summary>Used as a share of used plus free, 0 to 100 (the root reserve is neither), as <c>df</c>'s Use%.</summary>
    public double? UsedPercent => UsedBytes is { } used && FreeBytes is { } free && used + free > 0 ? 100.0 * used / (used + free) : null;
}
