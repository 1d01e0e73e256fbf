using Portal.Engine.Launch;

namespace Portal.Engine.Containers;

/// <summary>
/// What the UI and the API do with containers. Every call checks ownership: a member's view of another
/// member's container is "not found", whatever the call. Every change is audited.
/// </summary>
public interface IContainerManager
{
    /// <summary>The containers the actor may see; admins see everyone's (and unmanaged ones) with <paramref name="allUsers"/>.</summary>
    IReadOnlyList<ContainerSummary> List(Actor actor, bool allUsers);

    /// <summary>A container by Docker id (or a unique prefix of at least 4 characters) or portal id, when the actor may see it.</summary>
    ContainerSummary? Find(Actor actor, string id);

    Task<LaunchResult> LaunchAsync(Actor actor, LaunchRequest request, CancellationToken cancellationToken);

    /// <summary>The <c>docker run</c> a request would become, or the policy's objection, without launching anything.</summary>
    Task<(string? DockerRun, LaunchError? Error)> PreviewAsync(Actor actor, LaunchRequest request, CancellationToken cancellationToken);

    Task<ContainerActionResult> StartAsync(Actor actor, string id, CancellationToken cancellationToken);

    Task<ContainerActionResult> StopAsync(Actor actor, string id, CancellationToken cancellationToken);

    Task<ContainerActionResult> RestartAsync(Actor actor, string id, CancellationToken cancellationToken);

    Task<ContainerActionResult> RemoveAsync(Actor actor, string id, CancellationToken cancellationToken);

    Task<UsageReport> GetUsageAsync(string userName, CancellationToken cancellationToken);
}
