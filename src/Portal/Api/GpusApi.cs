using Portal.Engine.Gpus;
using Portal.Gpus;

namespace Portal.Api;

internal static class GpusApi
{
    public static RouteGroupBuilder MapGpusApi(this RouteGroupBuilder api)
    {
        api.MapGet("/gpus", async (IGpuInventory inventory, IGpuAllocator allocator, CancellationToken cancellationToken) =>
            {
                var leases = await allocator.ListLeasesAsync(cancellationToken);
                return TypedResults.Ok(GpuBoardResponse.From(GpuBoardView.Build(inventory.Current, leases)));
            })
            .RequireAuthorization()
            .WithTags("GPUs")
            .WithSummary("Lists every GPU (and MIG instance) with its readings and who holds it; the inventory's error, if any.");
        return api;
    }
}
