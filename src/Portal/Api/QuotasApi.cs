using System.Security.Claims;
using Portal.Accounts;
using Portal.Engine.Audit;
using Portal.Engine.Quotas;

namespace Portal.Api;

/// <summary><c>/api/v1/users/{userName}/quota</c>: admins read and override a user's limits; the change is audited by the quota service.</summary>
internal static class QuotasApi
{
    public static RouteGroupBuilder MapQuotasApi(this RouteGroupBuilder api)
    {
        var quota = api.MapGroup("/users/{userName}/quota").RequireAuthorization(PortalAuthentication.AdminPolicy).WithTags("Quotas");
        quota.MapGet("/", async (string userName, UserAccountService accounts, IQuotaService quotas, CancellationToken cancellationToken) =>
                await accounts.FindAsync(userName, cancellationToken) is { } user
                    ? Results.Ok(await DescribeAsync(user.UserName, quotas, cancellationToken))
                    : NoSuchUser(userName))
            .WithSummary("Returns a user's limits in force, the defaults and the admin's override (admins only).")
            .Produces<QuotaResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        quota.MapPut("/", async (string userName, QuotaOverrideBody? body, ClaimsPrincipal principal, UserAccountService accounts, IQuotaService quotas, IAuditLog audit, CancellationToken cancellationToken) =>
            {
                var actor = principal.RequireUserName();
                if (await accounts.FindAsync(userName, cancellationToken) is not { } user)
                {
                    await audit.WriteAsync(actor, "quota.update", userName, AuditOutcome.Refused, "not-found: no such user", CancellationToken.None);
                    return NoSuchUser(userName);
                }

                if (body is null)
                {
                    return ApiProblems.Invalid(
                        "Send {\"maxGpus\": 4, ...}; null or a missing member means the default.",
                        new Dictionary<string, string[]> { ["body"] = ["A JSON object is required."] });
                }

                // The stored spelling of the name, whatever case the URL used: launches look the quota up by it.
                var errors = await quotas.SetOverrideAsync(user.UserName, body.ToOverride(), actor, cancellationToken);
                return errors.Count > 0
                    ? ApiProblems.Invalid("The quota was not changed: " + string.Join(" ", errors.SelectMany(e => e.Value)), errors)
                    : Results.Ok(await DescribeAsync(user.UserName, quotas, cancellationToken));
            })
            .WithSummary("Overrides a user's limits (admins only); null members fall back to the defaults.")
            .Produces<QuotaResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<QuotaResponse> DescribeAsync(string userName, IQuotaService quotas, CancellationToken cancellationToken)
    {
        var limits = await quotas.GetLimitsAsync(userName, cancellationToken);
        var value = await quotas.GetOverrideAsync(userName, cancellationToken);
        return new QuotaResponse(
            userName,
            QuotaLimitsResponse.From(limits),
            QuotaLimitsResponse.From(quotas.Defaults),
            value is null ? null : QuotaOverrideBody.From(value));
    }

    private static IResult NoSuchUser(string userName) => ApiProblems.NotFound($"There is no user '{userName}'.");
}
