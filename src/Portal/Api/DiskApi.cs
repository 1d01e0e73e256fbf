using System.Security.Claims;
using Portal.Engine.Disk;
using Portal.Engine.Host;

namespace Portal.Api;

/// <summary>
/// <c>/api/v1/disk</c>: disk accounting from the background passes. Reads never wait for a scan: they return the last
/// figures with their age. (<c>POST /api/v1/disk/cleanup</c> lives beside it, in the cleanup's own file.)
/// </summary>
internal static class DiskApi
{
    private const string ScopeMine = "mine";
    private const string ScopeAll = "all";

    public static RouteGroupBuilder MapDiskApi(this RouteGroupBuilder api)
    {
        var disk = api.MapGroup("/disk").RequireAuthorization().WithTags("Disk");
        disk.MapGet("/", async (string? scope, ClaimsPrincipal principal, IDiskUsage usage, IDiskQuota quota, IDiskSpaceMonitor fileSystems, TimeProvider clock, CancellationToken cancellationToken) =>
            {
                var actor = principal.ToActor();
                if (scope is not (null or ScopeMine or ScopeAll))
                {
                    return ApiProblems.Invalid(
                        "Use ?scope=mine or ?scope=all.",
                        new Dictionary<string, string[]> { ["scope"] = [$"'{scope}' is neither 'mine' nor 'all'."] });
                }

                if (scope == ScopeAll && !actor.IsAdmin)
                {
                    return ApiProblems.Problem(StatusCodes.Status403Forbidden, "forbidden", "Admins only.", "Only admins see everyone's disk usage; leave out ?scope for your own.");
                }

                // One snapshot for the whole answer, so the figures, their age and the per-user lines agree.
                var snapshot = usage.Current;
                var mine = await quota.GetStatusAsync(actor.UserName, cancellationToken);
                DiskSystemResponse? system = null;
                if (actor.IsAdmin && scope != ScopeMine)
                {
                    var users = await quota.ListStatusesAsync(cancellationToken);
                    system = new DiskSystemResponse(
                        snapshot.Figures.Totals.Select(DiskKindTotalResponse.From).ToList(),
                        fileSystems.Current.Select(DiskFileSystemResponse.From).ToList(),
                        users.Select(DiskUserResponse.From).ToList(),
                        snapshot.Figures.Largest.Select(DiskItemResponse.From).ToList(),
                        snapshot.Figures.UnreadableEntries);
                }

                return Results.Ok(new DiskResponse(
                    actor.UserName,
                    snapshot.MeasuredAt,
                    snapshot.AgeAt(clock.GetUtcNow())?.TotalSeconds is { } age ? Math.Round(age, 1) : null,
                    snapshot.IsRefreshing,
                    snapshot.RefreshStartedAt,
                    snapshot.LastPassDuration?.TotalMilliseconds is { } duration ? Math.Round(duration, 1) : null,
                    snapshot.CompletedPasses,
                    snapshot.Error,
                    DiskUsageResponse.From(mine.Usage),
                    DiskQuotaResponse.From(mine),
                    mine.Usage.Largest.Select(DiskItemResponse.From).ToList(),
                    system));
            })
            .WithSummary("Your disk usage against your disk quota, by kind, with your largest items, from the last background pass (with its age). "
                + "Admins also get the system overview, every user and the largest items of all (?scope=mine leaves them out).")
            .Produces<DiskResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);

        disk.MapPost("/refresh", (IDiskUsage usage) =>
            {
                usage.RequestRefresh();
                return TypedResults.Accepted("/api/v1/disk", DiskRefreshResponse.From(usage.Current));
            })
            .WithSummary("Starts a background accounting pass and returns at once (202). Requests while one is pending join it; "
                + "GET /api/v1/disk shows the new figures when completedPasses goes up.")
            .Produces<DiskRefreshResponse>(StatusCodes.Status202Accepted);
        return api;
    }
}
