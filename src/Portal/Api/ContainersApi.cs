using System.Security.Claims;
using Portal.Data.Entities;
using Portal.Engine.Containers;
using Portal.Engine.Launch;

namespace Portal.Api;

internal static class ContainersApi
{
    public static RouteGroupBuilder MapContainersApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/containers").RequireAuthorization().WithTags("Containers");
        group.MapGet("/", (ClaimsPrincipal user, IContainerManager manager, bool? all) =>
                TypedResults.Ok(manager.List(user.ToActor(), all == true).Select(c => ContainerResponse.From(c))))
            .WithSummary("Lists your containers; admins add ?all=true for everyone's, unmanaged ones included.");

        group.MapGet("/{id}", (string id, ClaimsPrincipal user, IContainerManager manager) =>
                manager.Find(user.ToActor(), id) is { } container
                    ? Results.Ok(ContainerResponse.From(container))
                    : NotFound(id))
            .WithSummary("Returns one of your containers (404 for anyone else's).");

        group.MapPost("/", async (LaunchContainerRequest? request, ClaimsPrincipal user, IContainerManager manager, CancellationToken cancellationToken) =>
            {
                var result = await manager.LaunchAsync(user.ToActor(), ToLaunchRequest(request), cancellationToken);
                return result.Succeeded
                    ? Results.Created($"/api/v1/containers/{result.Container!.Id}", ContainerResponse.From(result.Container, result.DockerRun))
                    : ToProblem(result.Error!);
            })
            .WithSummary("Launches a container on free GPUs. The response includes the equivalent docker run.")
            .Produces<ContainerResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapPost("/preview", async (LaunchContainerRequest? request, ClaimsPrincipal user, IContainerManager manager, CancellationToken cancellationToken) =>
            {
                var (dockerRun, error) = await manager.PreviewAsync(user.ToActor(), ToLaunchRequest(request), cancellationToken);
                return dockerRun is not null ? Results.Ok(new PreviewResponse(dockerRun)) : ToProblem(error!);
            })
            .WithSummary("Checks a launch against the policy and returns the docker run it would be, launching nothing.");

        group.MapPost("/{id}/start", (string id, ClaimsPrincipal user, IContainerManager manager, CancellationToken cancellationToken) =>
            ActAsync(manager.StartAsync(user.ToActor(), id, cancellationToken)));
        group.MapPost("/{id}/stop", (string id, ClaimsPrincipal user, IContainerManager manager, CancellationToken cancellationToken) =>
            ActAsync(manager.StopAsync(user.ToActor(), id, cancellationToken)));
        group.MapPost("/{id}/restart", (string id, ClaimsPrincipal user, IContainerManager manager, CancellationToken cancellationToken) =>
            ActAsync(manager.RestartAsync(user.ToActor(), id, cancellationToken)));
        group.MapDelete("/{id}", async (string id, ClaimsPrincipal user, IContainerManager manager, CancellationToken cancellationToken) =>
        {
            var result = await manager.RemoveAsync(user.ToActor(), id, cancellationToken);
            return result.Succeeded ? Results.NoContent() : ToProblem(result.Error!);
        });

        api.MapGet("/me/usage", async (ClaimsPrincipal user, IContainerManager manager, CancellationToken cancellationToken) =>
                TypedResults.Ok(UsageResponse.From(await manager.GetUsageAsync(user.ToActor().UserName, cancellationToken))))
            .RequireAuthorization()
            .WithTags("Me")
            .WithSummary("Your GPUs and containers against your quota.");
        return api;
    }

    public static Actor ToActor(this ClaimsPrincipal user) =>
        new(user.Identity?.Name ?? throw new InvalidOperationException("The user has no name."), user.IsInRole(PortalRoles.Admin));

    internal static IResult ToProblem(LaunchError error) => error.Code switch
    {
        LaunchErrorCodes.InvalidRequest => ApiProblems.Invalid(error.Message, error.FieldErrors ?? new Dictionary<string, string[]>()),
        LaunchErrorCodes.ImageNotAllowed => ApiProblems.Problem(StatusCodes.Status403Forbidden, error.Code, "The image is not allowed.", error.Message),
        LaunchErrorCodes.PolicyViolation => ApiProblems.Problem(StatusCodes.Status403Forbidden, error.Code, "The launch policy forbids this.", error.Message),
        LaunchErrorCodes.QuotaExceeded => ApiProblems.Problem(StatusCodes.Status403Forbidden, error.Code, "Over your quota.", error.Message),
        LaunchErrorCodes.NameTaken => ApiProblems.Problem(StatusCodes.Status409Conflict, error.Code, "The name is taken.", error.Message),
        LaunchErrorCodes.GpusUnavailable => ApiProblems.Problem(StatusCodes.Status409Conflict, error.Code, "Not enough free GPUs.", error.Message),
        LaunchErrorCodes.NotFound => ApiProblems.NotFound(error.Message),
        _ => ApiProblems.Problem(StatusCodes.Status502BadGateway, error.Code, "The Docker engine failed.", error.Message),
    };

    private static LaunchRequest ToLaunchRequest(LaunchContainerRequest? request) => new()
    {
        Name = request?.Name,
        Image = request?.Image,
        Command = request?.Command,
        Env = request?.Env,
        Gpus = request?.Gpus ?? 0,
        Cpus = request?.Cpus,
        MemoryMiB = request?.MemoryMiB,
        ShmSizeMiB = request?.ShmSizeMiB,
        Ports = request?.Ports,
        Workspace = request?.Workspace ?? false,
        AutoRemove = request?.AutoRemove ?? false,
    };

    private static IResult NotFound(string id) => ApiProblems.NotFound($"There is no container '{id}' of yours.");

    private static async Task<IResult> ActAsync(Task<ContainerActionResult> action)
    {
        var result = await action;
        return result.Succeeded
            ? Results.Ok(result.Container is null ? null : ContainerResponse.From(result.Container))
            : ToProblem(result.Error!);
    }
}
