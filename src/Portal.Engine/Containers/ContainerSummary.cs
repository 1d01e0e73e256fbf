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

    /// <summary>The name its owner gave it, or the Docker name for containers the portal did not make.</summary>
    public string DisplayName => Labels.GetValueOrDefault(PortalLabels.Name) ?? Name;

    public string? PortalId => Labels.GetValueOrDefault(PortalLabels.PortalId);

    /// <summary>The devices the container was made for (its label), leased while it runs.</summary>
    public IReadOnlyList<string> GpuDeviceIds => Labels.TryGetValue(PortalLabels.Gpus, out var gpus) && gpus.Length > 0
        ? gpus.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        : [];

    public IReadOnlyList<PortMapping> Ports { get; init; } = [];

    /// <summary>When it last started; null for a container never started (or read from a list).</summary>
    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    public long? ExitCode { get; init; }

    public bool IsOwnedBy(string userName) => IsManaged && string.Equals(Owner, userName, StringComparison.Ordinal);
}
