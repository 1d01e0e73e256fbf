using Portal.Engine.Templates;

namespace Portal.Api;

/// <summary>The body of <c>POST /api/v1/templates</c> and <c>PUT /api/v1/templates/{id}</c>: the fields of a launch, minus the container name.</summary>
public sealed record TemplateRequest(
    string? Name,
    string? Description,
    string? Image,
    IReadOnlyList<string>? Command,
    IReadOnlyDictionary<string, string>? Env,
    IReadOnlyList<int>? Ports,
    int? Gpus,
    double? Cpus,
    int? MemoryMiB,
    int? ShmSizeMiB,
    bool? Workspace)
{
    public TemplateInput ToInput() => new(Name, Description, Image, Command, Env, Ports, Gpus, Cpus, MemoryMiB, ShmSizeMiB, Workspace);
}
