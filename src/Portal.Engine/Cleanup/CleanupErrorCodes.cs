namespace Portal.Engine.Cleanup;

/// <summary>The stable <c>code</c> of a refused cleanup.</summary>
public static class CleanupErrorCodes
{
    public const string InvalidRequest = "invalid-request";

    /// <summary>A member asked for everyone's items.</summary>
    public const string Forbidden = "forbidden";

    /// <summary>The engine could not be read, so nothing could be planned.</summary>
    public const string EngineError = "engine-error";
}
