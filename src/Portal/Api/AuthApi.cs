using Microsoft.AspNetCore.Identity;
using Portal.Accounts;
using Portal.Data.Entities;
using Portal.Engine.Audit;

namespace Portal.Api;

internal static class AuthApi
{
    public static RouteGroupBuilder MapAuthApi(this RouteGroupBuilder api)
    {
        api.MapPost("/auth/token", IssueTokenAsync)
            .AllowAnonymous()
            .WithName("IssueToken")
            .WithSummary("Exchanges a user name and password for an API token (Authorization: Bearer <token>).")
            .Produces<TokenResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return api;
    }

    private static async Task<IResult> IssueTokenAsync(
        TokenRequest? request,
        UserManager<PortalUser> users,
        SignInManager<PortalUser> signIn,
        ApiTokenService tokens,
        IAuditLog audit,
        CancellationToken cancellationToken)
    {
        // A refused request is audited under the name it tried: repeated refusals for one name are what admins look for.
        var attempted = string.IsNullOrWhiteSpace(request?.UserName) ? "anonymous" : request.UserName.Trim();
        Task RefuseAsync(string reason) =>
            audit.WriteAsync(attempted, "token.issue", attempted, AuditOutcome.Refused, reason, CancellationToken.None);

        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request?.UserName))
        {
            errors["userName"] = ["The user name is required."];
        }

        if (string.IsNullOrEmpty(request?.Password))
        {
            errors["password"] = ["The password is required."];
        }

        if (errors.Count > 0)
        {
            await RefuseAsync("invalid-request: " + string.Join(" ", errors.Keys));
            return ApiProblems.Invalid("Send {\"userName\": \"...\", \"password\": \"...\"}.", errors);
        }

        var user = await users.FindByNameAsync(request!.UserName!.Trim());
        if (user is null)
        {
            await RefuseAsync("invalid-credentials: no such user");
            return InvalidCredentials();
        }

        var result = await signIn.CheckPasswordSignInAsync(user, request.Password!, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            var end = await users.GetLockoutEndDateAsync(user);
            await RefuseAsync($"locked-out until {end:u}");
            return ApiProblems.Problem(
                StatusCodes.Status403Forbidden,
                "locked-out",
                "The account is locked.",
                $"Too many failed sign-ins. Try again after {end:u}, or ask an admin to reset the password.");
        }

        if (result.IsNotAllowed)
        {
            await RefuseAsync("account-disabled");
            return ApiProblems.Problem(StatusCodes.Status403Forbidden, "account-disabled", "The account is disabled.", "Ask an admin to enable it.");
        }

        if (!result.Succeeded)
        {
            await RefuseAsync("invalid-credentials: wrong password");
            return InvalidCredentials();
        }

        var issued = await tokens.IssueAsync(user.UserName!, user.Id, request.Name ?? "api", cancellationToken);
        return TypedResults.Ok(new TokenResponse(issued.Token, issued.ExpiresAt));
    }

    // The same answer for an unknown user and a wrong password, so user names cannot be probed.
    private static IResult InvalidCredentials() => ApiProblems.Problem(
        StatusCodes.Status401Unauthorized,
        "invalid-credentials",
        "Wrong user name or password.",
        "Check both; after 5 failures the account is locked for 5 minutes.");
}
