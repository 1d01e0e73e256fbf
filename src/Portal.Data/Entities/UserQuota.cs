namespace Portal.Data.Entities;

/// <summary>An admin's per-user override of the quota defaults. A null limit means "use the default".</summary>
public sealed class UserQuota
{
    public required string UserName { get; set; }

    public int? MaxGpus { get; set; }

    public int? MaxContainers { get; set; }

    public double? MaxCpusPerContainer { get; set; }

    public int? MaxMemoryMiBPerContainer { get; set; }

    public int? MaxShmMiBPerContainer { get; set; }

    /// <summary>Disk the user may fill: container layers, owned images, volumes, workspace and container logs.</summary>
    public double? MaxDiskGiB { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public string? UpdatedBy { get; set; }
}
