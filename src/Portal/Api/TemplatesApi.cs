using System.Security.Claims;
using Portal.Accounts;
using Portal.Engine.Templates;

namespace Portal.Api;

/// <summary>
/// <c>/api/v1/templates</c>: every member reads the templates (the Launch page offers them first); only admins change
/// them. Refusals use the launch policy's codes, since a template obeys the same policy as a launch.
/// </summary>
internal static class TemplatesApi
{
    public static RouteGroupBuilder MapTemplatesApi(this RouteGroupBuilder api)
    {
        var templates = api.MapGroup("/templates").RequireAuthorization().WithTags("Templates");
        templates.MapGet("/", async (ITemplateService service, CancellationToken cancellationToken) =>
                TypedResults.Ok((await service.ListAsync(cancellationToken)).Select(TemplateResponse.From)))
            .WithSummary("Lists the launch templates, by name.");

        templates.MapGet("/{id:guid}", async (Guid id, ITemplateService service, CancellationToken cancellationToken) =>
                await service.GetAsync(id, cancellationToken) is { } template
                    ? Results.Ok(TemplateResponse.From(template))
                    : NotFound(id))
            .WithSummary("Returns one launch template.");

        templates.MapPost("/", async (TemplateInput? request, ClaimsPrincipal principal, ITemplateService service, CancellationToken cancellationToken) =>
            {
                var result = await service.CreateAsync(principal.RequireUserName(), ToInput(request), cancellationToken);
                return result.Succeeded
                    ? Results.Created($"/api/v1/templates/{result.Template!.Id}", TemplateResponse.From(result.Template))
                    : ContainersApi.ToProblem(result.Error!);
            })
            .RequireAuthorization(PortalAuthentication.AdminPolicy)
            .WithSummary("Creates a launch template (admins only). The image must be allowed; NVIDIA_* variables are refused.")
            .Produces<TemplateResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);

        templates.MapPut("/{id:guid}", async (Guid id, TemplateInput? request, ClaimsPrincipal principal, ITemplateService service, CancellationToken cancellationToken) =>
            {
                var result = await service.UpdateAsync(principal.RequireUserName(), id, ToInput(request), cancellationToken);
                return result.Succeeded ? Results.Ok(TemplateResponse.From(result.Template!)) : ContainersApi.ToProblem(result.Error!);
            })
            .RequireAuthorization(PortalAuthentication.AdminPolicy)
            .WithSummary("Replaces a launch template (admins only).")
            .Produces<TemplateResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        templates.MapDelete("/{id:guid}", async (Guid id, ClaimsPrincipal principal, ITemplateService service, CancellationToken cancellationToken) =>
                await service.DeleteAsync(principal.RequireUserName(), id, cancellationToken) ? Results.NoContent() : NotFound(id))
            .RequireAuthorization(PortalAuthentication.AdminPolicy)
            .WithSummary("Deletes a launch template (admins only). Containers launched from it are not affected.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    // A missing body is a template without a name or an image: the service answers with the field errors.
    private static TemplateInput ToInput(TemplateInput? request) =>
        request ?? new TemplateInput(null, null, null, null, null, null, null, null, null, null, null);

    private static IResult NotFound(Guid id) => ApiProblems.NotFound($"There is no template '{id}'.");
}
