namespace Portal.Engine.Containers;

/// <summary>A container as the portal shows it.</summary>
public sealed record ContainerSummary(
    string Id,
    string Name,
    string Image,
    string State,
    string Status,
    DateTimeOffset CreatedAt,
    string? Owner,
    IReadOnlyDictionary<string, string> Labels)
{
    /// <summary>True for containers the portal made; others were started on the host by hand.</summary>
    public bool IsManaged => Labels.ContainsKey(PortalLabels.Managed);

    public bool IsRunning => string.Equals(State, "running", StringComparison.OrdinalIgnoreCase);

    public string ShortId => Id.Length > 12 ? Id[..12] : Id;
}
