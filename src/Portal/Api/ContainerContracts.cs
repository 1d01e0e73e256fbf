using Portal.Engine.Containers;

namespace Portal.Api;

/// <summary>The body of <c>POST /api/v1/containers</c>.</summary>
public sealed record LaunchContainerRequest(
    string? Name,
    string? Image,
    IReadOnlyList<string>? Command,
    IReadOnlyDictionary<string, string>? Env,
    int? Gpus,
    double? Cpus,
    int? MemoryMiB,
    int? ShmSizeMiB,
    IReadOnlyList<int>? Ports,
    bool? Workspace,
    bool? AutoRemove);

public sealed record PortResponse(int ContainerPort, int? HostPort, string? HostIp);

public sealed record ContainerResponse(
    string Id,
    string Name,
    string DockerName,
    string Image,
    string State,
    string Status,
    IReadOnlyList<string> Gpus,
    string? Owner,
    bool Managed,
    DateTimeOffset CreatedAt,
    IReadOnlyList<PortResponse> Ports,
    string? DockerRun)
{
    public static ContainerResponse From(ContainerSummary container, string? dockerRun = null) => new(
        container.Id,
        container.DisplayName,
        container.Name,
        container.Image,
        container.State,
        container.Status,
        container.GpuDeviceIds,
        container.Owner,
        container.IsManaged,
        container.CreatedAt,
        container.Ports.Select(p => new PortResponse(p.ContainerPort, p.HostPort, p.HostIp)).ToList(),
        dockerRun);
}

public sealed record PreviewResponse(string DockerRun);

public sealed record UsageResponse(
    string UserName,
    int GpusHeld,
    int MaxGpus,
    int Containers,
    int MaxContainers,
    int RunningContainers,
    double MaxCpusPerContainer,
    int MaxMemoryMiBPerContainer,
    int MaxShmMiBPerContainer,
    bool QuotaOverridden,
    double MaxDiskGiB)
{
    public static UsageResponse From(UsageReport usage) => new(
        usage.UserName,
        usage.GpusHeld,
        usage.Limits.MaxGpus,
        usage.Containers,
        usage.Limits.MaxContainers,
        usage.RunningContainers,
        usage.Limits.MaxCpusPerContainer,
        usage.Limits.MaxMemoryMiBPerContainer,
        usage.Limits.MaxShmMiBPerContainer,
        usage.Limits.IsOverridden,
        usage.Limits.MaxDiskGiB);
}
