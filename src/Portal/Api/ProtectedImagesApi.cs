using System.Security.Claims;
using Portal.Accounts;
using Portal.Engine.Cleanup;

namespace Portal.Api;

/// <summary><c>/api/v1/images/protected</c>: image references (repository:tag) cleanup never removes; admins only, audited.</summary>
internal static class ProtectedImagesApi
{
    public static RouteGroupBuilder MapProtectedImagesApi(this RouteGroupBuilder api)
    {
        var images = api.MapGroup("/images/protected").RequireAuthorization(PortalAuthentication.AdminPolicy).WithTags("Images");
        images.MapGet("/", async (IProtectedImages service, CancellationToken cancellationToken) =>
                TypedResults.Ok((await service.ListAsync(cancellationToken)).Select(ProtectedImageResponse.From)))
            .WithSummary("Lists the protected image references (admins only).");

        images.MapPost("/{**reference}", async (string reference, ClaimsPrincipal user, IProtectedImages service, CancellationToken cancellationToken) =>
            {
                var (entry, error) = await service.ProtectAsync(user.RequireUserName(), reference, cancellationToken);
                return entry is not null
                    ? Results.Ok(ProtectedImageResponse.From(entry))
                    : ApiProblems.Invalid(error!, new Dictionary<string, string[]> { ["reference"] = [error!] });
            })
            .WithSummary("Protects an image reference from cleanup (admins only), e.g. POST /api/v1/images/protected/portal/python:latest.")
            .Produces<ProtectedImageResponse>()
            .ProducesValidationProblem();

        images.MapDelete("/{**reference}", async (string reference, ClaimsPrincipal user, IProtectedImages service, CancellationToken cancellationToken) =>
                await service.UnprotectAsync(user.RequireUserName(), reference, cancellationToken)
                    ? Results.NoContent()
                    : ApiProblems.NotFound($"'{reference}' is not protected."))
            .WithSummary("Lifts the protection (admins only).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }
}
