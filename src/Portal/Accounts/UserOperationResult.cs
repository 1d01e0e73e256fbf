namespace Portal.Accounts;

/// <summary>The outcome of a change to a user: success, or a stable error code with a message and field errors.</summary>
public sealed record UserOperationResult
{
    public bool Succeeded => Code is null;

    /// <summary>Null on success; otherwise <c>invalid-request</c>, <c>name-taken</c>, <c>not-found</c> or <c>last-admin</c>.</summary>
    public string? Code { get; init; }

    public string? Message { get; init; }

    public IReadOnlyDictionary<string, string[]> FieldErrors { get; init; } = new Dictionary<string, string[]>();

    public UserSummary? User { get; init; }

    public static UserOperationResult Success(UserSummary user) => new() { User = user };

    public static UserOperationResult Failure(string code, string message, IReadOnlyDictionary<string, string[]>? fieldErrors = null) =>
        new() { Code = code, Message = message, FieldErrors = fieldErrors ?? new Dictionary<string, string[]>() };

    public static UserOperationResult NotFound(string userName) => Failure(UserErrorCodes.NotFound, $"There is no user '{userName}'.");
}
