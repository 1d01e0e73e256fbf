namespace Portal.Engine.Images;

/// <summary>The stable <c>code</c> of a refused or failed image action, beyond the launch codes it shares (<c>quota-exceeded</c>, <c>image-not-allowed</c>, ...).</summary>
public static class ImageErrorCodes
{
    /// <summary>A member named an image outside their namespace.</summary>
    public const string NameNotAllowed = "image-name-not-allowed";

    /// <summary>The image is not theirs to remove.</summary>
    public const string NotOwner = "image-not-owner";

    /// <summary>A container uses the image, so the engine kept it.</summary>
    public const string InUse = "image-in-use";

    /// <summary>The registry has no such repository or tag (<c>manifest for X not found</c>).</summary>
    public const string ManifestNotFound = "manifest-not-found";

    /// <summary>The registry did not answer.</summary>
    public const string RegistryUnreachable = "registry-unreachable";

    /// <summary>The registry refused the credentials, or wants some.</summary>
    public const string RegistryAuthFailed = "registry-auth-failed";

    /// <summary>The Dockerfile did not build.</summary>
    public const string BuildFailed = "build-failed";

    /// <summary>The push did not finish (a commit before it is kept).</summary>
    public const string PushFailed = "push-failed";

    /// <summary>The pull did not finish for another reason.</summary>
    public const string PullFailed = "pull-failed";

    /// <summary>The build context upload is unusable (format, size, paths).</summary>
    public const string InvalidContext = "invalid-context";
}
