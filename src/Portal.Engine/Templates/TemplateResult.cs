using Portal.Engine.Launch;

namespace Portal.Engine.Templates;

/// <summary>The template after a change, or why the change was refused (codes of <see cref="LaunchErrorCodes"/>).</summary>
public sealed record TemplateResult(TemplateView? Template, LaunchError? Error)
{
    public bool Succeeded => Error is null;
}
