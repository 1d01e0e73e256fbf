namespace Portal.Engine.Launch;

/// <summary>The stable <c>code</c> of a refused launch or container action.</summary>
public static class LaunchErrorCodes
{
    public const string InvalidRequest = "invalid-request";
    public const string ImageNotAllowed = "image-not-allowed";
    public const string PolicyViolation = "policy-violation";
    public const string QuotaExceeded = "quota-exceeded";
    public const string NameTaken = "name-taken";
    public const string GpusUnavailable = "gpus-unavailable";
    public const string NotFound = "not-found";
    public const string ImageNotFound = "image-not-found";
    public const string EngineError = "engine-error";
}
