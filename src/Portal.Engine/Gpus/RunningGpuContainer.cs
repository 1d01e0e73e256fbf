namespace Portal.Engine.Gpus;

/// <summary>A running container and the devices its labels say it was given.</summary>
public sealed record RunningGpuContainer(string PortalContainerId, string DockerContainerId, string Owner, string ContainerName, IReadOnlyList<string> DeviceIds);
