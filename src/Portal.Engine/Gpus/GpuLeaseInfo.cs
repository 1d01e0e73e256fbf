namespace Portal.Engine.Gpus;

/// <summary>Who holds a device: the owner and the container.</summary>
public sealed record GpuLeaseInfo(string DeviceId, string Owner, string ContainerName, string PortalContainerId, string? DockerContainerId, DateTimeOffset LeasedAt);
