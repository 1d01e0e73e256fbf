namespace Portal.Engine.Registries;

/// <summary>Stable codes for registry refusals and failures; the HTTP API sends them as the problem's <c>code</c>.</summary>
public static class RegistryErrorCodes
{
    public const string InvalidRequest = "invalid-request";

    public const string NotFound = "not-found";

    public const string NameTaken = "name-taken";

    /// <summary>A member acting outside their own namespace, or on the lab registry's row.</summary>
    public const string Forbidden = "registry-forbidden";

    public const string Unreachable = "registry-unreachable";

    public const string Unauthorized = "registry-unauthorized";

    public const string DeleteDisabled = "registry-delete-disabled";

    /// <summary>The registry answered with something the portal cannot use.</summary>
    public const string Failed = "registry-failed";
}
