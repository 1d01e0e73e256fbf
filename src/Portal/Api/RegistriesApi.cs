using System.Security.Claims;
using Portal.Accounts;
using Portal.Engine.Containers;
using Portal.Engine.Registries;

namespace Portal.Api;

/// <summary>
/// <c>/api/v1/registries</c>: everyone lists the registries and browses them; admins configure them. Repository names
/// contain slashes, so everything after <c>/repositories/</c> is read like the Registry API's own paths:
/// <c>.../repositories/alice/project/tags</c> and <c>.../repositories/alice/project/tags/v1</c>.
/// </summary>
internal static class RegistriesApi
{
    public const string GarbageCollectionNote =
        "The registry frees the space only when its garbage collection runs (docker-registry garbage-collect config.yml).";

    // A missing body is a registry without name or URL: the service answers with the field errors.
    private static readonly RegistryInput Empty = new(null, null, null, null);

    public static RouteGroupBuilder MapRegistriesApi(this RouteGroupBuilder api)
    {
        var registries = api.MapGroup("/registries").RequireAuthorization().WithTags("Registries");
        registries.MapGet("/", async (IRegistryDirectory directory, CancellationToken cancellationToken) =>
                TypedResults.Ok((await directory.ListAsync(cancellationToken)).Select(RegistryResponse.From)))
            .WithSummary("Lists the configured registries, the lab's first. Passwords are never returned.");

        registries.MapPost("/", async (RegistryInput? body, ClaimsPrincipal principal, IRegistryAdministration administration, CancellationToken cancellationToken) =>
            {
                var result = await administration.AddAsync(principal.RequireUserName(), body ?? Empty, cancellationToken);
                return result.Succeeded
                    ? Results.Created($"/api/v1/registries/{result.Value!.Name}", RegistryResponse.From(result.Value))
                    : ToProblem(result.Error!);
            })
            .RequireAuthorization(PortalAuthentication.AdminPolicy)
            .WithSummary("Adds a registry (admins only): {name, url, userName?, password?}. The password is stored encrypted.")
            .Produces<RegistryResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        registries.MapPut("/{registry}", async (string registry, RegistryInput? body, ClaimsPrincipal principal, IRegistryAdministration administration, CancellationToken cancellationToken) =>
            {
                var result = await administration.UpdateAsync(principal.RequireUserName(), registry, body ?? Empty, cancellationToken);
                return result.Succeeded ? Results.Ok(RegistryResponse.From(result.Value!)) : ToProblem(result.Error!);
            })
            .RequireAuthorization(PortalAuthentication.AdminPolicy)
            .WithSummary("Changes a registry (admins only). A missing password keeps the stored one; an empty user name makes it anonymous.")
            .Produces<RegistryResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        registries.MapDelete("/{registry}", async (string registry, ClaimsPrincipal principal, IRegistryAdministration administration, CancellationToken cancellationToken) =>
            {
                var result = await administration.RemoveAsync(principal.RequireUserName(), registry, cancellationToken);
                return result.Succeeded ? Results.NoContent() : ToProblem(result.Error!);
            })
            .RequireAuthorization(PortalAuthentication.AdminPolicy)
            .WithSummary("Removes a registry from the portal (admins only); the lab registry stays. Nothing in the registry changes.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        registries.MapPost("/{registry}/test", async (string registry, IRegistryAdministration administration, CancellationToken cancellationToken) =>
            {
                var result = await administration.TestConnectionAsync(registry, cancellationToken);
                return result.Succeeded ? Results.Ok(new RegistryConnectionTestResponse(result.Value!)) : ToProblem(result.Error!);
            })
            .RequireAuthorization(PortalAuthentication.AdminPolicy)
            .WithSummary("Calls the registry's /v2/ with its stored credentials (admins only).")
            .Produces<RegistryConnectionTestResponse>()
            .ProducesProblem(StatusCodes.Status502BadGateway);

        registries.MapGet("/{registry}/repositories", async (string registry, string? search, string? last, int? n, IRegistryBrowser browser, CancellationToken cancellationToken) =>
            {
                var result = await browser.ListRepositoriesAsync(registry, search, last, n ?? 100, cancellationToken);
                return result.Succeeded
                    ? Results.Ok(new RepositoryPageResponse(registry, result.Value!.Repositories, result.Value.Next))
                    : ToProblem(result.Error!);
            })
            .WithSummary("Lists repositories containing ?search=, after ?last=, at most ?n= (default 100), following the registry's own pages.")
            .Produces<RepositoryPageResponse>()
            .ProducesProblem(StatusCodes.Status502BadGateway);

        registries.MapGet("/{registry}/repositories/{**path}", async (string registry, string path, string? search, IRegistryBrowser browser, CancellationToken cancellationToken) =>
            {
                if (RegistryRepositoryPath.Parse(path) is not { } target)
                {
                    return NotARepositoryPath(path);
                }

                if (target.Tag is null)
                {
                    var tags = await browser.ListTagsAsync(registry, target.Repository, search, cancellationToken);
                    return tags.Succeeded ? Results.Ok(new TagListResponse(registry, target.Repository, tags.Value!)) : ToProblem(tags.Error!);
                }

                var detail = await browser.GetTagAsync(registry, target.Repository, target.Tag, cancellationToken);
                return detail.Succeeded ? Results.Ok(detail.Value) : ToProblem(detail.Error!);
            })
            .WithSummary("{name}/tags lists a repository's tags (?search=); {name}/tags/{tag} returns a tag's digest, media type, size, created time, labels, platforms and history.")
            .Produces<TagDetail>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status502BadGateway);

        registries.MapDelete("/{registry}/repositories/{**path}", async (string registry, string path, ClaimsPrincipal principal, IRegistryBrowser browser, CancellationToken cancellationToken) =>
            {
                if (RegistryRepositoryPath.Parse(path) is not { Tag: not null } target)
                {
                    return NotARepositoryPath(path);
                }

                var result = await browser.DeleteTagAsync(principal.ToActor(), registry, target.Repository, target.Tag, cancellationToken);
                return result.Succeeded
                    ? Results.Ok(new TagDeletionResponse(result.Value!.Digest, result.Value.RemovedTags, GarbageCollectionNote))
                    : ToProblem(result.Error!);
            })
            .WithSummary("Deletes {name}/tags/{tag} by its digest, which removes every tag on that digest. Members only in their own namespace <userName>/...")
            .Produces<TagDeletionResponse>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    internal static IResult ToProblem(RegistryError error) => error.Code switch
    {
        RegistryErrorCodes.InvalidRequest => ApiProblems.Invalid(error.Message, error.FieldErrors ?? new Dictionary<string, string[]>()),
        RegistryErrorCodes.NotFound => ApiProblems.NotFound(error.Message),
        RegistryErrorCodes.NameTaken => ApiProblems.Problem(StatusCodes.Status409Conflict, error.Code, "The name or host is taken.", error.Message),
        RegistryErrorCodes.Forbidden => ApiProblems.Problem(StatusCodes.Status403Forbidden, error.Code, "Not allowed.", error.Message),
        RegistryErrorCodes.DeleteDisabled => ApiProblems.Problem(StatusCodes.Status409Conflict, error.Code, "The registry has deletes disabled.", error.Message),
        RegistryErrorCodes.Unreachable => ApiProblems.Problem(StatusCodes.Status502BadGateway, error.Code, "The registry cannot be reached.", error.Message),
        RegistryErrorCodes.Unauthorized => ApiProblems.Problem(StatusCodes.Status502BadGateway, error.Code, "The registry refused the portal's credentials.", error.Message),
        _ => ApiProblems.Problem(StatusCodes.Status502BadGateway, error.Code, "The registry failed.", error.Message),
    };

    private static IResult NotARepositoryPath(string path) => ApiProblems.NotFound(
        $"'{path}' names no tag list or tag: use repositories/<name>/tags or repositories/<name>/tags/<tag>.");
}
