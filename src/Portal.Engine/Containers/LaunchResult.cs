using Portal.Engine.Launch;

namespace Portal.Engine.Containers;

/// <summary>A launched container with its devices and the equivalent <c>docker run</c>, or why it was refused.</summary>
public sealed record LaunchResult(ContainerSummary? Container, IReadOnlyList<string> GpuDeviceIds, string? DockerRun, LaunchError? Error)
{
    public bool Succeeded => Error is null;

    public static LaunchResult Refused(LaunchError error) => new(null, [], null, error);
}
