using Portal.Engine.Stats;

namespace Portal.Api;

/// <summary>
/// The body of <c>GET /api/v1/containers/{id}/stats</c>: the latest reading, the recent history (oldest first) and
/// the container's GPU use. <c>state</c> is <c>waiting</c>, <c>running</c>, <c>stopped</c> or <c>ended</c>.
/// </summary>
public sealed record ContainerStatsResponse(
    string ContainerId,
    string State,
    string? Error,
    ContainerStatsSampleResponse? Current,
    IReadOnlyList<ContainerStatsSampleResponse> History,
    IReadOnlyList<ContainerGpuUsageResponse> Gpus)
{
    public static ContainerStatsResponse From(ContainerStatsSnapshot snapshot, IReadOnlyList<ContainerGpuUsage> gpus) => new(
        snapshot.ContainerId,
        snapshot.State.ToString().ToLowerInvariant(),
        snapshot.Error,
        snapshot.Current is { } current ? ContainerStatsSampleResponse.From(current) : null,
        snapshot.History.Select(ContainerStatsSampleResponse.From).ToList(),
        gpus.Select(ContainerGpuUsageResponse.From).ToList());
}
