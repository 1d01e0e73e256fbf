namespace Portal.Engine.Containers;

/// <summary>A container port and where the host publishes it (always on 127.0.0.1 for portal containers).</summary>
public sealed record PortMapping(int ContainerPort, int? HostPort, string? HostIp, string Protocol);
