using System.Security.Claims;
using Portal.Accounts;
using Portal.Engine.Cleanup;

namespace Portal.Api;

/// <summary>
/// <c>/api/v1/disk/cleanup</c>: previews and confirmed runs (members their own things, admins everyone's), the
/// admin's schedule with its next runs and preview, and each user's notices of what the schedule will remove.
/// </summary>
internal static class DiskCleanupApi
{
    public static RouteGroupBuilder MapDiskCleanupApi(this RouteGroupBuilder api)
    {
        var cleanup = api.MapGroup("/disk/cleanup").RequireAuthorization().WithTags("Disk");
        cleanup.MapPost("/", async (CleanupRequestBody? body, ClaimsPrincipal user, ICleanupService service, CancellationToken cancellationToken) =>
            {
                if (ToRequest(body) is not { } request)
                {
                    return ApiProblems.Invalid(
                        "The scope is \"mine\" or \"all\".",
                        new Dictionary<string, string[]> { ["scope"] = ["Use \"mine\" (your own things) or \"all\" (everyone's, admins only)."] });
                }

                var actor = user.ToActor();
                if (body?.DryRun ?? true)
                {
                    var plan = await service.PlanAsync(actor, request, cancellationToken);
                    return plan.Succeeded ? Results.Ok(CleanupResponse.FromPlan(plan.Plan!)) : ToProblem(plan.Error!);
                }

                var run = await service.ExecuteAsync(actor, request, body?.Items ?? [], progress: null, cancellationToken);
                return run.Succeeded ? Results.Ok(CleanupResponse.FromResult(request, run.Result!)) : ToProblem(run.Error!);
            })
            .WithSummary("Previews a cleanup (dryRun, the default) or runs a confirmed one: only the preview's items that are still eligible are removed.")
            .WithDescription("Targets: stopped-containers, dangling-images, unused-images, unused-volumes, build-cache. Scope \"all\" is for admins. "
                + "A run names the item ids of the preview it confirms; items no longer eligible are skipped with the reason.")
            .Produces<CleanupResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status502BadGateway);

        cleanup.MapGet("/notices", async (ClaimsPrincipal user, ICleanupSchedule schedule, CancellationToken cancellationToken) =>
                TypedResults.Ok((await schedule.GetNoticesAsync(user.RequireUserName(), cancellationToken)).Select(CleanupNoticeResponse.From)))
            .WithSummary("Your things the scheduled cleanup will remove within its notice period, soonest first.");

        var schedule = cleanup.MapGroup("/schedule").RequireAuthorization(PortalAuthentication.AdminPolicy);
        schedule.MapGet("/", async (ICleanupSchedule service, CancellationToken cancellationToken) =>
                TypedResults.Ok(await DescribeAsync(service, await service.GetAsync(cancellationToken), cancellationToken)))
            .WithSummary("The scheduled cleanup (admins only): policy, next runs in UTC, last run, and a preview of the next run.");

        schedule.MapPut("/", async (CleanupScheduleBody? body, ClaimsPrincipal user, ICleanupSchedule service, CancellationToken cancellationToken) =>
            {
                var current = (await service.GetAsync(cancellationToken)).Settings;
                var settings = new CleanupScheduleSettings(
                    body?.Enabled ?? current.Enabled,
                    body?.Cron ?? current.Cron,
                    body?.Targets ?? current.Targets,
                    body?.OlderThanDays ?? current.OlderThanDays,
                    body?.NoticeDays ?? current.NoticeDays);
                var result = await service.UpdateAsync(user.RequireUserName(), settings, cancellationToken);
                return result.Succeeded
                    ? Results.Ok(await DescribeAsync(service, result.Schedule!, cancellationToken))
                    : ApiProblems.Invalid("The schedule was not changed: " + string.Join(" ", result.Errors.SelectMany(e => e.Value)), result.Errors);
            })
            .WithSummary("Changes the scheduled cleanup (admins only). Cron: five fields in UTC (Cronos), e.g. \"0 3 * * *\".")
            .Produces<CleanupScheduleResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return api;
    }

    internal static IResult ToProblem(CleanupError error) => error.Code switch
    {
        CleanupErrorCodes.InvalidRequest => ApiProblems.Invalid(error.Message, error.FieldErrors ?? new Dictionary<string, string[]>()),
        CleanupErrorCodes.Forbidden => ApiProblems.Problem(StatusCodes.Status403Forbidden, error.Code, "Not allowed.", error.Message),
        _ => ApiProblems.Problem(StatusCodes.Status502BadGateway, error.Code, "The Docker engine failed.", error.Message),
    };

    /// <summary>Null when the scope is neither "mine" nor "all"; other checks are the service's.</summary>
    private static CleanupRequest? ToRequest(CleanupRequestBody? body)
    {
        CleanupScope? scope = (body?.Scope?.Trim().ToLowerInvariant() ?? "mine") switch
        {
            "mine" => CleanupScope.Mine,
            "all" => CleanupScope.All,
            _ => null,
        };
        return scope is { } known ? new CleanupRequest(body?.Targets ?? [], body?.OlderThanDays ?? 0, known) : null;
    }

    /// <summary>A preview needs the engine; when it does not answer, the schedule is still shown, with the reason.</summary>
    private static async Task<CleanupScheduleResponse> DescribeAsync(ICleanupSchedule service, CleanupScheduleView view, CancellationToken cancellationToken)
    {
        try
        {
            return CleanupScheduleResponse.From(view, await service.PreviewAsync(cancellationToken), null);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or TimeoutException or Docker.DotNet.DockerApiException)
        {
            return CleanupScheduleResponse.From(view, null, "The Docker engine could not be read: " + ex.GetBaseException().Message);
        }
    }
}
