using Portal.Engine.Cleanup;

namespace Portal.Components.Disk;

/// <summary>How the pages name and explain each cleanup target, with the docker command a person would use for it.</summary>
public sealed record CleanupTargetInfo(string Target, string Label, string Help, string DockerCommand, bool AdminOnly, bool HasAgeLimit)
{
    public static IReadOnlyList<CleanupTargetInfo> All { get; } =
    [
        new(CleanupTargets.StoppedContainers, "Stopped containers", "Containers that exited (or never started) longer ago than the age; their writable layer goes, your workspace stays.",
            "docker container prune", AdminOnly: false, HasAgeLimit: true),
        new(CleanupTargets.DanglingImages, "Dangling images", "Images without a tag that no container uses, left behind by rebuilds.",
            "docker image prune", AdminOnly: false, HasAgeLimit: false),
        new(CleanupTargets.UnusedImages, "Unused images", "Tagged images no container uses, older than the age; never a template's or a protected image.",
            "docker image prune -a", AdminOnly: false, HasAgeLimit: true),
        new(CleanupTargets.UnusedVolumes, "Unused volumes", "Volumes no container mounts. Their data is gone for good.",
            "docker volume prune", AdminOnly: false, HasAgeLimit: false),
        new(CleanupTargets.BuildCache, "Build cache", "The builder's cache, which belongs to nobody (everyone's scope only).",
            "docker builder prune", AdminOnly: true, HasAgeLimit: false),
    ];

    public static CleanupTargetInfo For(string target) => All.Single(t => t.Target == target);
}
