namespace Portal.Engine.Engine;

/// <summary>What the portal last learned about the Docker engine. <see cref="IsReachable"/> false carries the error.</summary>
public sealed record EngineStatus
{
    public required bool IsReachable { get; init; }

    public required DateTimeOffset CheckedAt { get; init; }

    /// <summary>Why the engine could not be reached, in words for people.</summary>
    public string? Error { get; init; }

    public string? Version { get; init; }

    public string? ApiVersion { get; init; }

    public string? OperatingSystem { get; init; }

    public string? KernelVersion { get; init; }

    public int Containers { get; init; }

    public int ContainersRunning { get; init; }

    public int ContainersStopped { get; init; }

    public int Images { get; init; }

    public string? StorageDriver { get; init; }

    /// <summary>CPUs the engine's host has; a container can be given at most this many.</summary>
    public int CpuCount { get; init; }

    public long MemoryBytes { get; init; }

    public string? DockerRootDir { get; init; }

    /// <summary>The runtimes the engine knows (<c>runc</c>, and <c>nvidia</c> where the NVIDIA toolkit is installed).</summary>
    public IReadOnlyList<string> Runtimes { get; init; } = [];

    /// <summary>True until the first check finished.</summary>
    public bool IsUnknown { get; init; }

    public static EngineStatus Unknown(DateTimeOffset now) => new() { IsReachable = false, IsUnknown = true, CheckedAt = now };
}
