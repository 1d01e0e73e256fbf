using Portal.Engine.Launch;

namespace Portal.Engine.Cleanup;

/// <summary>
/// The cleanup's rules, without I/O. Only things of the asked targets and in scope are considered: with
/// <see cref="CleanupScope.Mine"/> the user's own (containers and volumes by the owner label, images by the portal's
/// image records); with <see cref="CleanupScope.All"/> everyone's plus what belongs to nobody. Containers are only
/// ever the portal's own. Never eligible: a container that is not stopped, an image or volume any container uses,
/// a launch template's image, a protected image.
/// </summary>
internal static class CleanupPlanner
{
    public static IReadOnlyList<CleanupCandidate> Evaluate(
        CleanupInventory inventory,
        CleanupPolicyContext context,
        IReadOnlyCollection<string> targets,
        CleanupScope scope,
        string userName,
        DateTimeOffset now)
    {
        bool InScope(string? owner) => scope == CleanupScope.All || string.Equals(owner, userName, StringComparison.Ordinal);

        var candidates = new List<CleanupCandidate>();
        if (targets.Contains(CleanupTargets.StoppedContainers))
        {
            candidates.AddRange(inventory.Containers
                .Where(c => c.IsManaged && c.Owner is not null && InScope(c.Owner))
                .Select(c => Container(c, now)));
        }

        var wantDangling = targets.Contains(CleanupTargets.DanglingImages);
        var wantUnused = targets.Contains(CleanupTargets.UnusedImages);
        if (wantDangling || wantUnused)
        {
            var usage = inventory.Containers.GroupBy(c => c.ImageId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            candidates.AddRange(inventory.Images
                .Where(i => i.IsDangling ? wantDangling : wantUnused)
                .Where(i => InScope(context.ImageOwners.GetValueOrDefault(i.Id)))
                .Select(i => Image(i, context, Math.Max(i.Containers, usage.GetValueOrDefault(i.Id)), now)));
        }

        if (targets.Contains(CleanupTargets.UnusedVolumes))
        {
            var mounts = inventory.Containers.SelectMany(c => c.VolumeNames).GroupBy(n => n, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            candidates.AddRange(inventory.Volumes
                .Where(v => InScope(v.Owner))
                .Select(v => Volume(v, Math.Max(v.RefCount, mounts.GetValueOrDefault(v.Name)))));
        }

        if (targets.Contains(CleanupTargets.BuildCache) && scope == CleanupScope.All)
        {
            candidates.Add(new CleanupCandidate(
                new CleanupItem("build-cache", CleanupItemKinds.BuildCache, CleanupTargets.BuildCache, "build cache", null, inventory.BuildCacheReclaimableBytes, null, "cache no build is using"),
                "build-cache",
                null,
                AgeLimited: false));
        }

        return candidates;
    }

    /// <summary>The items that may go at <paramref name="asOf"/>, by target, largest first.</summary>
    public static IReadOnlyList<CleanupItem> Eligible(IEnumerable<CleanupCandidate> candidates, int olderThanDays, DateTimeOffset asOf) =>
        candidates
            .Where(c => c.Refusal(olderThanDays, asOf) is null)
            .Select(c => c.Item)
            .OrderBy(i => CleanupTargets.OrderOf(i.Target))
            .ThenByDescending(i => i.Bytes)
            .ThenBy(i => i.Name, StringComparer.Ordinal)
            .ToList();

    private static CleanupCandidate Container(InventoryContainer c, DateTimeOffset now)
    {
        var since = c.FinishedAt ?? c.CreatedAt;
        var reason = c.State == "created" ? $"created {CleanupText.Ago(since, now)}, never started" : $"stopped {CleanupText.Ago(since, now)}";
        return new CleanupCandidate(
            new CleanupItem("container:" + c.Id, CleanupItemKinds.Container, CleanupTargets.StoppedContainers, c.DisplayName, c.Owner, c.SizeRw, since, reason),
            c.Id,
            c.IsStopped ? null : $"it is {c.State}",
            AgeLimited: true);
    }

    private static CleanupCandidate Image(InventoryImage image, CleanupPolicyContext context, long usedBy, DateTimeOffset now)
    {
        var target = image.IsDangling ? CleanupTargets.DanglingImages : CleanupTargets.UnusedImages;
        var normalized = image.RepoTags.Select(t => ImageReference.Normalize(t) ?? t).ToList();
        var template = context.TemplateImages.FirstOrDefault(t => normalized.Contains(t.Key, StringComparer.Ordinal) || t.Key == image.Id);
        string? blocker = usedBy > 0 ? $"used by {usedBy} container{(usedBy == 1 ? string.Empty : "s")}"
            : template.Key is not null ? $"the image of the launch template '{template.Value}'"
            : normalized.FirstOrDefault(context.ProtectedReferences.Contains) is { } protectedTag ? $"{protectedTag} is protected by an admin"
            : null;
        var reason = image.IsDangling ? "no tag, used by no container" : $"used by no container, created {CleanupText.Ago(image.CreatedAt, now)}";
        return new CleanupCandidate(
            new CleanupItem("image:" + image.Id, CleanupItemKinds.Image, target, image.DisplayName, context.ImageOwners.GetValueOrDefault(image.Id), image.UniqueSize, image.CreatedAt, reason),
            image.Id,
            blocker,
            AgeLimited: !image.IsDangling);
    }

    private static CleanupCandidate Volume(InventoryVolume volume, long usedBy) => new(
        new CleanupItem("volume:" + volume.Name, CleanupItemKinds.Volume, CleanupTargets.UnusedVolumes, volume.Name, volume.Owner, Math.Max(0, volume.Size), null, "mounted by no container"),
        volume.Name,
        usedBy > 0 ? $"mounted by {usedBy} container{(usedBy == 1 ? string.Empty : "s")}" : null,
        AgeLimited: false);
}
