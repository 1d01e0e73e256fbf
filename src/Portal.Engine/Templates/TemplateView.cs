using Portal.Engine.Launch;

namespace Portal.Engine.Templates;

/// <summary>An admin-defined launch template, as pages and the API show it.</summary>
public sealed record TemplateView
{
    public required Guid Id { get; init; }

    public required string Name { get; init; }

    public string? Description { get; init; }

    public required string Image { get; init; }

    public IReadOnlyList<string> Command { get; init; } = [];

    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<int> Ports { get; init; } = [];

    public int Gpus { get; init; }

    public double? Cpus { get; init; }

    public int? MemoryMiB { get; init; }

    public int? ShmSizeMiB { get; init; }

    public bool Workspace { get; init; }

    /// <summary>A launch request filled from the template, under the container name the member chose.</summary>
    public LaunchRequest ToLaunchRequest(string containerName) => new()
    {
        Name = containerName,
        Image = Image,
        Command = Command,
        Env = Env,
        Ports = Ports,
        Gpus = Gpus,
        Cpus = Cpus,
        MemoryMiB = MemoryMiB,
        ShmSizeMiB = ShmSizeMiB,
        Workspace = Workspace,
    };
}
