namespace Portal.Engine.Launch;

/// <summary>
/// What a member asks for. Only what is named here can reach Docker: there is no field for privileges,
/// capabilities, devices, host namespaces, security options or arbitrary mounts.
/// </summary>
public sealed record LaunchRequest
{
    public string? Name { get; init; }

    public string? Image { get; init; }

    /// <summary>The command as an argument list; null or empty for the image's own.</summary>
    public IReadOnlyList<string>? Command { get; init; }

    public IReadOnlyDictionary<string, string>? Env { get; init; }

    /// <summary>How many GPUs (or MIG instances); the portal picks which.</summary>
    public int Gpus { get; init; }

    /// <summary>CPU limit; null gives the quota's per-container maximum.</summary>
    public double? Cpus { get; init; }

    /// <summary>Memory limit in MiB; null gives the quota's per-container maximum.</summary>
    public int? MemoryMiB { get; init; }

    /// <summary>Shared memory in MiB; null gives <see cref="LaunchOptions.DefaultShmSizeMiB"/>.</summary>
    public int? ShmSizeMiB { get; init; }

    /// <summary>Container ports to publish on 127.0.0.1 (reached through the portal's proxy).</summary>
    public IReadOnlyList<int>? Ports { get; init; }

    /// <summary>Mount the user's workspace folder at <c>/workspace</c>.</summary>
    public bool Workspace { get; init; }

    /// <summary>Remove the container when it exits (<c>docker run --rm</c>).</summary>
    public bool AutoRemove { get; init; }
}
