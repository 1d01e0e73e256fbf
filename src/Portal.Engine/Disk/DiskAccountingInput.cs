namespace Portal.Engine.Disk;

/// <summary>Everything one pass read, before it is added up.</summary>
/// <param name="Engine">The engine's <c>/system/df</c>.</param>
/// <param name="ImageOwners">Image owners by image id (<c>sha256:...</c>).</param>
/// <param name="ContainerLogs">Log sizes of the portal's containers, by container id.</param>
/// <param name="Workspaces">Every folder under the workspace root.</param>
/// <param name="KnownUsers">The portal's users: each gets a line even when they own nothing.</param>
/// <param name="LargestItems">How many largest items to keep per user and overall.</param>
public sealed record DiskAccountingInput(
    EngineDiskUsage Engine,
    IReadOnlyDictionary<string, ImageOwnership> ImageOwners,
    IReadOnlyDictionary<string, FileTally> ContainerLogs,
    IReadOnlyList<WorkspaceTally> Workspaces,
    IReadOnlyCollection<string> KnownUsers,
    int LargestItems)
{
    /// <summary>The layers of each listed image by image id (overlay2 layer folders); empty where the engine did not say.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> ImageLayers { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>
    /// Sizes of the layers <see cref="ImageLayerSharing.LayersSharedOnlyWithin"/> names; no other is measured. One it
    /// names that is missing here could not be read, and counts as unreadable for its owner.
    /// </summary>
    public IReadOnlyDictionary<string, long> LayerSizes { get; init; } = new Dictionary<string, long>();
}
