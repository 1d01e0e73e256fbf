namespace Portal.Engine.Disk;

/// <summary>
/// Layers that only one member's images share. <c>/system/df</c> calls every layer two images use "shared", and an
/// image is charged its unique bytes only, so a member's big base layer under two of their own images would cost them
/// nothing. Such a layer is on the disk because of that member alone, so it is charged to them, once.
/// </summary>
public static class ImageLayerSharing
{
    /// <summary>
    /// Each layer that two or more of the listed images use, all of them recorded to one owner, with that owner.
    /// A layer also under an image of someone else, or of nobody (a starter image), is not in the result.
    /// </summary>
    /// <param name="imageLayers">The layers of each listed image, by image id.</param>
    /// <param name="owners">Image owners by image id.</param>
    public static IReadOnlyDictionary<string, string> LayersSharedOnlyWithin(
        IReadOnlyDictionary<string, IReadOnlyList<string>> imageLayers,
        IReadOnlyDictionary<string, ImageOwnership> owners)
    {
        ArgumentNullException.ThrowIfNull(imageLayers);
        ArgumentNullException.ThrowIfNull(owners);
        var users = new Dictionary<string, (string? Owner, int Images, bool Mixed)>(StringComparer.Ordinal);
        foreach (var (imageId, layers) in imageLayers)
        {
            var owner = owners.GetValueOrDefault(imageId)?.Owner;
            foreach (var layer in layers.Distinct(StringComparer.Ordinal))
            {
                users[layer] = users.TryGetValue(layer, out var seen)
                    ? (seen.Owner, seen.Images + 1, seen.Mixed || owner is null || !string.Equals(seen.Owner, owner, StringComparison.Ordinal))
                    : (owner, 1, owner is null);
            }
        }

        return users
            .Where(entry => entry.Value is { Images: >= 2, Mixed: false, Owner: not null })
            .ToDictionary(entry => entry.Key, entry => entry.Value.Owner!, StringComparer.Ordinal);
    }
}
