using System.Collections.Immutable;

namespace Portal.Engine.Disk;

/// <summary>What one accounting pass found: per user, by kind for the whole engine, and the largest items of all.</summary>
public sealed record DiskUsageFigures
{
    public static DiskUsageFigures Empty { get; } = new();

    /// <summary>Every known user and every owner found on the engine, by user name.</summary>
    public ImmutableDictionary<string, UserDiskUsage> Users { get; init; } = ImmutableDictionary<string, UserDiskUsage>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>Images, containers, volumes, build cache (as <c>docker system df</c>), then logs and workspaces.</summary>
    public IReadOnlyList<DiskKindTotal> Totals { get; init; } = [];

    /// <summary>The largest items on the engine and in the workspaces, whoever owns them, largest first.</summary>
    public IReadOnlyList<DiskItem> Largest { get; init; } = [];

    /// <summary>Files and folders that could not be read, everywhere.</summary>
    public int UnreadableEntries { get; init; }

    /// <summary>One user's figures; zero for a user who owns nothing.</summary>
    public UserDiskUsage For(string userName) => Users.GetValueOrDefault(userName) ?? new UserDiskUsage(userName);
}
