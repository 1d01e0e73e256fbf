using Portal.Accounts;
using Portal.Engine.Audit;

namespace Portal.Api;

/// <summary><c>GET /api/v1/audit</c>: the audit log for admins, filtered and paged on the server, newest first.</summary>
internal static class AuditApi
{
    public const int MaxTake = 1000;

    private static readonly string[] Outcomes = [AuditOutcome.Succeeded, AuditOutcome.Refused, AuditOutcome.Failed, AuditOutcome.Cancelled];

    public static RouteGroupBuilder MapAuditApi(this RouteGroupBuilder api)
    {
        api.MapGet("/audit", async (
                string? actor,
                string? action,
                string? target,
                string? outcome,
                DateTimeOffset? since,
                DateTimeOffset? until,
                int? skip,
                int? take,
                IAuditLog audit,
                CancellationToken cancellationToken) =>
            {
                var errors = new Dictionary<string, string[]>();
                if (outcome is not null && !Outcomes.Contains(outcome, StringComparer.Ordinal))
                {
                    errors["outcome"] = [$"Use {string.Join(", ", Outcomes)}."];
                }

                if (since > until)
                {
                    errors["until"] = ["'until' is before 'since'."];
                }

                if (skip < 0)
                {
                    errors["skip"] = ["Use 0 or more."];
                }

                if (take is < 1 or > MaxTake)
                {
                    errors["take"] = [$"Use 1 to {MaxTake}."];
                }

                if (errors.Count > 0)
                {
                    return ApiProblems.Invalid("The filters are invalid.", errors);
                }

                var page = await audit.QueryAsync(
                    new AuditQuery
                    {
                        Actor = actor,
                        Action = action,
                        Target = target,
                        Outcome = outcome,
                        Since = since,
                        Until = until,
                        Skip = skip ?? 0,
                        Take = take ?? 100,
                    },
                    cancellationToken);
                return Results.Ok(new AuditPageResponse(page.Total, page.Entries));
            })
            .RequireAuthorization(PortalAuthentication.AdminPolicy)
            .WithTags("Audit")
            .WithSummary("Reads the audit log (admins only). action filters exactly, or by prefix when it ends in '.' (container.); target matches a part.")
            .Produces<AuditPageResponse>()
            .ProducesValidationProblem();
        return api;
    }
}
