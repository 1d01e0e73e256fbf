namespace Portal.Engine.Launch;

/// <summary>Why a launch or container action was refused: a stable code, a message for people, and field errors.</summary>
public sealed record LaunchError(string Code, string Message, IReadOnlyDictionary<string, string[]>? FieldErrors = null)
{
    public static LaunchError Invalid(IReadOnlyDictionary<string, string[]> fieldErrors) =>
        new(LaunchErrorCodes.InvalidRequest, "The request is invalid: " + string.Join(" ", fieldErrors.SelectMany(e => e.Value)), fieldErrors);
}
