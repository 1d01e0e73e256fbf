namespace Portal.Engine.Templates;

/// <summary>What an admin sends to create or change a template.</summary>
public sealed record TemplateInput(
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
    bool? Workspace);
