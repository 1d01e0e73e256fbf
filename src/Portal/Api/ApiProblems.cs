namespace Portal.Api;

/// <summary>RFC 7807 problem details with the portal's stable <c>code</c> member.</summary>
internal static class ApiProblems
{
    public static IResult Problem(int status, string code, string title, string? detail = null) =>
        TypedResults.Problem(
            statusCode: status,
            title: title,
            detail: detail,
            type: $"https://portal.local/problems/{code}",
            extensions: new Dictionary<string, object?> { ["code"] = code });

    public static IResult Invalid(string detail, IReadOnlyDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(
            errors,
            detail: detail,
            title: "The request is invalid.",
            type: "https://portal.local/problems/invalid-request",
            extensions: new Dictionary<string, object?> { ["code"] = "invalid-request" });

    public static IResult NotFound(string detail) => Problem(StatusCodes.Status404NotFound, "not-found", "Not found.", detail);
}
