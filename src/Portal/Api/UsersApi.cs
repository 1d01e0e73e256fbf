using System.Security.Claims;
using Portal.Accounts;

namespace Portal.Api;

internal static class UsersApi
{
    public static RouteGroupBuilder MapUsersApi(this RouteGroupBuilder api)
    {
        var users = api.MapGroup("/users").RequireAuthorization(PortalAuthentication.AdminPolicy).WithTags("Users");
        users.MapGet("/", async (UserAccountService accounts, CancellationToken cancellationToken) =>
                TypedResults.Ok((await accounts.ListAsync(cancellationToken)).Select(UserResponse.From)))
            .WithSummary("Lists every user (admins only).");

        users.MapGet("/{userName}", async (string userName, UserAccountService accounts, CancellationToken cancellationToken) =>
                await accounts.FindAsync(userName, cancellationToken) is { } user
                    ? Results.Ok(UserResponse.From(user))
                    : ApiProblems.NotFound($"There is no user '{userName}'."))
            .WithSummary("Returns one user (admins only).");

        users.MapPost("/", async (CreateUserRequest? request, ClaimsPrincipal principal, UserAccountService accounts, CancellationToken cancellationToken) =>
            {
                var result = await accounts.CreateAsync(principal.RequireUserName(), request?.UserName?.Trim(), request?.Password, request?.Role, request?.DisplayName, cancellationToken);
                return result.Succeeded
                    ? Results.Created($"/api/v1/users/{result.User!.UserName}", UserResponse.From(result.User))
                    : ToProblem(result);
            })
            .WithSummary("Creates a user with a role, Member by default (admins only).")
            .Produces<UserResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    internal static IResult ToProblem(UserOperationResult result) => result.Code switch
    {
        UserErrorCodes.InvalidRequest => ApiProblems.Invalid(result.Message ?? "The request is invalid.", result.FieldErrors),
        UserErrorCodes.NameTaken => ApiProblems.Problem(StatusCodes.Status409Conflict, result.Code, "The user name is taken.", result.Message),
        UserErrorCodes.NotFound => ApiProblems.NotFound(result.Message ?? "Not found."),
        _ => ApiProblems.Problem(StatusCodes.Status409Conflict, result.Code ?? "conflict", "The change was refused.", result.Message),
    };
}
