using Portal.Engine.Gpus;
using Portal.Engine.Logs;

namespace Portal.Engine.Containers;

/// <summary>
/// What to create. Only the launch policy builds these for members; the fields are the whole of what can reach
/// Docker, and <see cref="ContainerOperations"/> adds the fixed security settings to every container.
/// </summary>
public sealed record ContainerSpec
{
    public required string Name { get; init; }

    public required string Image { get; init; }

    public required string Owner { get; init; }

    /// <summary>The portal id label; a new one is made when null.</summary>
    public string? PortalId { get; init; }

    public IReadOnlyList<string>? Command { get; init; }

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Extra labels, on top of the portal's own (which always win).</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>The network to join; Docker's default bridge when null.</summary>
    public string? NetworkName { get; init; }

    public double? Cpus { get; init; }

    public int? MemoryMiB { get; init; }

    public int? ShmSizeMiB { get; init; }

    public int? PidsLimit { get; init; }

    /// <summary>Container ports, each published on 127.0.0.1 at a port Docker picks.</summary>
    public IReadOnlyList<int> Ports { get; init; } = [];

    /// <summary>Bind mounts as <c>host:container[:ro]</c>, already checked by the launch policy.</summary>
    public IReadOnlyList<string> Binds { get; init; } = [];

    /// <summary>Leased devices; they also go into <c>NVIDIA_VISIBLE_DEVICES</c>.</summary>
    public IReadOnlyList<string> GpuDeviceIds { get; init; } = [];

    public GpuBinding GpuBinding { get; init; } = GpuBinding.EnvironmentOnly;

    public bool AutoRemove { get; init; }

    /// <summary>Unlimited memlock (GPU frameworks pin memory); the launcher sets it wherever the engine can raise it.</summary>
    public bool UnlimitedMemlock { get; init; }

    /// <summary>How Docker rotates the container's log; every container gets rotation, the default when nobody configured it.</summary>
    public LogRotation LogRotation { get; init; } = LogRotation.Default;
}
