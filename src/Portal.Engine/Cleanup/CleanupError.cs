namespace Portal.Engine.Cleanup;

/// <summary>Why a cleanup was refused: a stable code (<see cref="CleanupErrorCodes"/>), a message for people, and field errors.</summary>
public sealed record CleanupError(string Code, string Message, IReadOnlyDictionary<string, string[]>? FieldErrors = null)
{
    public static CleanupError Invalid(string field, string message) =>
        new(CleanupErrorCodes.InvalidRequest, message, new Dictionary<string, string[]> { [field] = [message] });
}
