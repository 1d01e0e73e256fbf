namespace Portal.Engine.Docker;

/// <summary>How the portal reaches the Docker engine. Bound from the <c>Docker</c> configuration section.</summary>
public sealed class DockerOptions
{
    public const string SectionName = "Docker";

    /// <summary>The engine's endpoint. Defaults to <c>unix:///var/run/docker.sock</c>; <c>tcp://host:2375</c> also works.</summary>
    public string Endpoint { get; set; } = "unix:///var/run/docker.sock";

    /// <summary>How long one engine call may take before it fails. Defaults to 100 seconds.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>How often the engine's health is checked. Defaults to 5 seconds.</summary>
    public TimeSpan HealthCheckInterval { get; set; } = TimeSpan.FromSeconds(5);
}
