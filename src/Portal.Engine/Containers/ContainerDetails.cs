namespace Portal.Engine.Containers;

/// <summary>What inspecting one container tells.</summary>
public sealed record ContainerDetails(
    ContainerSummary Summary,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    long? ExitCode,
    IReadOnlyList<string> Environment);
