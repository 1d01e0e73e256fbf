namespace Portal.Data.Entities;

/// <summary>
/// One GPU (or MIG instance) leased exclusively to one running container. The device UUID is the primary
/// key, so the database itself refuses a second lease of the same device, whatever the interleaving.
/// </summary>
public sealed class GpuLease
{
    /// <summary>The <c>GPU-...</c> or <c>MIG-...</c> UUID, or a synthetic id where a capture has duplicate UUIDs.</summary>
    public required string DeviceId { get; set; }

    /// <summary>The portal id label of the container (stable across Docker id changes).</summary>
    public required string PortalContainerId { get; set; }

    public string? DockerContainerId { get; set; }

    public required string Owner { get; set; }

    public required string ContainerName { get; set; }

    public DateTimeOffset LeasedAt { get; set; }
}
