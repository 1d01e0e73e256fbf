namespace Portal.Engine.Disk;

/// <summary>The last accounting figures with their age, and whether a pass is running now.</summary>
public sealed record DiskUsageSnapshot
{
    public static DiskUsageSnapshot Initial { get; } = new() { Figures = DiskUsageFigures.Empty };

    public required DiskUsageFigures Figures { get; init; }

    /// <summary>When the pass that produced <see cref="Figures"/> finished; null before the first one did.</summary>
    public DateTimeOffset? MeasuredAt { get; init; }

    /// <summary>How long that pass took.</summary>
    public TimeSpan? LastPassDuration { get; init; }

    /// <summary>A pass runs or is about to; the figures are still the previous ones.</summary>
    public bool IsRefreshing { get; init; }

    /// <summary>When the running pass started; null while none runs.</summary>
    public DateTimeOffset? RefreshStartedAt { get; init; }

    /// <summary>Passes finished since the portal started, failed ones included; goes up by one per pass.</summary>
    public long CompletedPasses { get; init; }

    /// <summary>Why the last pass failed (the figures are then from the pass before); null when it succeeded.</summary>
    public string? Error { get; init; }

    public bool HasFigures => MeasuredAt is not null;

    public TimeSpan? AgeAt(DateTimeOffset now) => MeasuredAt is { } measured ? (now > measured ? now - measured : TimeSpan.Zero) : null;
}
