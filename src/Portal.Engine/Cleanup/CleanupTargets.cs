namespace Portal.Engine.Cleanup;

/// <summary>What a cleanup may remove. The names are the API's and <c>CleanupSchedule.Targets</c>'s.</summary>
public static class CleanupTargets
{
    /// <summary>Portal containers that are not running (exited, created, dead), stopped longer than the age limit.</summary>
    public const string StoppedContainers = "stopped-containers";

    /// <summary>Images without a tag that no container uses.</summary>
    public const string DanglingImages = "dangling-images";

    /// <summary>Tagged images no container uses (in any state), older than the age limit; never a template's or a protected image.</summary>
    public const string UnusedImages = "unused-images";

    /// <summary>Volumes no container mounts.</summary>
    public const string UnusedVolumes = "unused-volumes";

    /// <summary>The builder's cache (admins only: it belongs to nobody).</summary>
    public const string BuildCache = "build-cache";

    private static readonly string[] Ordered = [StoppedContainers, DanglingImages, UnusedImages, UnusedVolumes, BuildCache];

    /// <summary>Every target, in the order plans list them.</summary>
    public static IReadOnlyList<string> All => Ordered;

    /// <summary>A target's place in <see cref="All"/>, for ordering.</summary>
    public static int OrderOf(string target) => Array.IndexOf(Ordered, target);

    /// <summary>True for the targets whose items must be older than the age limit; the others go whenever they are unused.</summary>
    public static bool HasAgeLimit(string target) => target is StoppedContainers or UnusedImages;

    /// <summary>Checks a list of target names: known, at least one. Returns the distinct names in the canonical order, or an error.</summary>
    public static (IReadOnlyList<string>? Targets, string? Error) Parse(IEnumerable<string?>? names)
    {
        var given = (names ?? []).Select(n => n?.Trim() ?? string.Empty).ToList();
        var unknown = given.Where(n => !All.Contains(n, StringComparer.Ordinal)).ToList();
        if (unknown.Count > 0)
        {
            return (null, $"Unknown target {string.Join(", ", unknown.Select(u => $"'{u}'"))}; use {string.Join(", ", All)}.");
        }

        if (given.Count == 0)
        {
            return (null, $"Name at least one target: {string.Join(", ", All)}.");
        }

        return (All.Where(given.Contains).ToList(), null);
    }

    /// <summary>Reads the comma-separated form stored in <c>CleanupSchedule.Targets</c>, ignoring unknown names.</summary>
    public static IReadOnlyList<string> FromStored(string? stored) =>
        All.Where(t => (stored ?? string.Empty).Split(',', StringSplitOptions.TrimEntries).Contains(t, StringComparer.Ordinal)).ToList();

    public static string ToStored(IEnumerable<string> targets) => string.Join(',', targets);
}
