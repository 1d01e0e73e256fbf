using Portal.Engine.Launch;

namespace Portal.Engine.Images;

/// <summary>How an image action ended: the image it made or touched, the equivalent docker command, or why it failed.</summary>
/// <param name="ImageId">The resulting image's id, when there is one.</param>
/// <param name="Reference">The name it acted on (<c>repository:tag</c>).</param>
/// <param name="Command">The <c>docker pull/build/commit/tag/push/rmi</c> line that does the same by hand.</param>
/// <param name="Error">Why it was refused or failed; null when it worked.</param>
/// <param name="PushError">For a commit with a push: the commit worked (and is kept), but the push failed for this reason.</param>
public sealed record ImageActionResult(string? ImageId, string? Reference, string? Command, LaunchError? Error, string? PushError = null)
{
    public bool Succeeded => Error is null;

    public static ImageActionResult Refused(string? reference, string? command, string code, string message) =>
        new(null, reference, command, new LaunchError(code, message));
}
