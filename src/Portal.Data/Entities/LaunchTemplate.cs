namespace Portal.Data.Entities;

/// <summary>An admin-defined starting point offered first on the Launch page.</summary>
public sealed class LaunchTemplate
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    public string? Description { get; set; }

    public required string Image { get; set; }

    /// <summary>The command as a JSON array of strings, or null for the image's default.</summary>
    public string? CommandJson { get; set; }

    /// <summary>Environment variables as a JSON object.</summary>
    public string? EnvironmentJson { get; set; }

    /// <summary>Container ports to expose, as a JSON array of numbers.</summary>
    public string? PortsJson { get; set; }

    public int Gpus { get; set; }

    public double? Cpus { get; set; }

    public int? MemoryMiB { get; set; }

    public int? ShmSizeMiB { get; set; }

    public bool Workspace { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
