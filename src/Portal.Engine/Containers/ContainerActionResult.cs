using Portal.Engine.Launch;

namespace Portal.Engine.Containers;

/// <summary>The container after an action, or why the action was refused.</summary>
public sealed record ContainerActionResult(ContainerSummary? Container, LaunchError? Error)
{
    public bool Succeeded => Error is null;

    public static ContainerActionResult Done(ContainerSummary? container) => new(container, null);

    public static ContainerActionResult Refused(LaunchError error) => new(null, error);

    public static ContainerActionResult NotFound(string id) =>
        new(null, new LaunchError(LaunchErrorCodes.NotFound, $"There is no container '{id}' of yours."));
}
