using System.Security.Claims;
using Portal.Engine.Containers;
using Portal.Engine.Stats;

namespace Portal.Api;

internal static class ContainerStatsApi
{
    /// <summary>
    /// How long a read waits for the first figures when nobody followed the container yet; Docker's first frame comes
    /// within a second (an empty one for a stopped container), so this is only reached on a very busy engine.
    /// </summary>
    private static readonly TimeSpan FirstSampleWait = TimeSpan.FromSeconds(3);

    public static RouteGroupBuilder MapContainerStatsApi(this RouteGroupBuilder api)
    {
        api.MapGet(
                "/containers/{id}/stats",
                async (string id, ClaimsPrincipal user, IContainerManager manager, IContainerStats stats, IContainerGpuUsage gpus, CancellationToken cancellationToken) =>
                {
                    if (manager.Find(user.ToActor(), id) is not { } container)
                    {
                        return ApiProblems.NotFound($"There is no container '{id}' of yours.");
                    }

                    var snapshot = await stats.ReadAsync(container.Id, FirstSampleWait, cancellationToken);
                    var usage = await gpus.ReadAsync(container.Id, cancellationToken);
                    return TypedResults.Ok(ContainerStatsResponse.From(snapshot, usage));
                })
            .RequireAuthorization()
            .WithTags("Containers")
            .WithSummary("Live resource use of one of your containers: CPU, memory, network, block I/O over the last minutes, and its GPU use (404 for anyone else's).")
            .Produces<ContainerStatsResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }
}
