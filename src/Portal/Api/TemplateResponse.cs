using Portal.Engine.Templates;

namespace Portal.Api;

/// <summary>A launch template as the API shows it; null resources mean the member's quota decides.</summary>
public sealed record TemplateResponse(
    Guid Id,
    string Name,
    string? Description,
    string Image,
    IReadOnlyList<string> Command,
    IReadOnlyDictionary<string, string> Env,
    IReadOnlyList<int> Ports,
    int Gpus,
    double? Cpus,
    int? MemoryMiB,
    int? ShmSizeMiB,
    bool Workspace)
{
    public static TemplateResponse From(TemplateView template) => new(
        template.Id,
        template.Name,
        template.Description,
        template.Image,
        template.Command,
        template.Env,
        template.Ports,
        template.Gpus,
        template.Cpus,
        template.MemoryMiB,
        template.ShmSizeMiB,
        template.Workspace);
}
