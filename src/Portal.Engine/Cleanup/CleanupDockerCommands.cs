using System.Globalization;
using Portal.Engine.Containers;

namespace Portal.Engine.Cleanup;

/// <summary>
/// The docker commands closest to a cleanup, for people who want to learn them. They are close, not equal: Docker
/// knows no image owners or protected images, and its <c>until</c> filter counts a container's age from its
/// creation, the portal from its stop.
/// </summary>
public static class CleanupDockerCommands
{
    public static IReadOnlyList<string> For(CleanupRequest request, string userName)
    {
        ArgumentNullException.ThrowIfNull(request);
        var owner = request.Scope == CleanupScope.Mine
            ? $" --filter label={PortalLabels.Owner}={userName}"
            : $" --filter label={PortalLabels.Managed}=true";
        var until = request.OlderThanDays > 0
            ? string.Create(CultureInfo.InvariantCulture, $" --filter until={request.OlderThanDays * 24}h")
            : string.Empty;
        var commands = new List<string>();
        foreach (var target in request.Targets)
        {
            commands.Add(target switch
            {
                CleanupTargets.StoppedContainers => $"docker container prune{until}{owner}",
                CleanupTargets.DanglingImages => "docker image prune",
                CleanupTargets.UnusedImages => $"docker image prune -a{until}",
                CleanupTargets.UnusedVolumes => request.Scope == CleanupScope.Mine ? $"docker volume prune{owner}" : "docker volume prune",
                CleanupTargets.BuildCache => "docker builder prune -a",
                _ => throw new ArgumentException($"Unknown cleanup target '{target}'.", nameof(request)),
            });
        }

        return commands;
    }
}
