namespace Portal.Engine.Cleanup;

/// <summary>One thing a cleanup would remove, as the preview lists it.</summary>
/// <param name="Id">Stable for the thing (<c>container:ID</c>, <c>image:sha256:...</c>, <c>volume:NAME</c>, <c>build-cache</c>); a confirmed run names the items it may remove by these.</param>
/// <param name="Kind">A <see cref="CleanupItemKinds"/> value.</param>
/// <param name="Target">The <see cref="CleanupTargets"/> value that selects it.</param>
/// <param name="Name">What people call it: the container's name, the image's tags or short id, the volume's name.</param>
/// <param name="Owner">The owning user, or null for things that belong to nobody.</param>
/// <param name="Bytes">What removing it frees: a container's writable layer, an image's unique layers, a volume's data.</param>
/// <param name="Since">When its age starts: a container's stop, an image's creation; null when unknown.</param>
/// <param name="Reason">Why it qualifies, in words.</param>
public sealed record CleanupItem(
    string Id,
    string Kind,
    string Target,
    string Name,
    string? Owner,
    long Bytes,
    DateTimeOffset? Since,
    string Reason);
