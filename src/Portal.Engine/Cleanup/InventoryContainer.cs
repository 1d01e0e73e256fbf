namespace Portal.Engine.Cleanup;

/// <summary>A container as <c>/system/df</c> lists it, with its stop time read by inspect when it is not running.</summary>
internal sealed record InventoryContainer(
    string Id,
    string Name,
    string ImageId,
    string State,
    DateTimeOffset CreatedAt,
    long SizeRw,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyList<string> VolumeNames)
{
    public DateTimeOffset? FinishedAt { get; init; }

    public string? Owner => Labels.GetValueOrDefault(Containers.PortalLabels.Owner);

    public bool IsManaged => Labels.ContainsKey(Containers.PortalLabels.Managed);

    /// <summary>The name its owner gave it, or Docker's.</summary>
    public string DisplayName => Labels.GetValueOrDefault(Containers.PortalLabels.Name) ?? Name;

    /// <summary>Not running and not about to: what <c>docker container prune</c> removes.</summary>
    public bool IsStopped => State is "exited" or "created" or "dead";
}
