using Portal.Engine.Containers;

namespace Portal.Engine.Images;

/// <summary>
/// What the UI and the API do with local images. Every action checks the rules (names only in a member's own
/// namespace, pulls only of allowed images, the disk quota, ownership) and is audited with its outcome. Long actions
/// report into an optional <see cref="ImageProgress"/> the caller watches; the returned task ends with the result.
/// </summary>
public interface IImageManager
{
    /// <summary>The lab registry's host (<c>127.0.0.1:5000</c>): members' images are named <c>HOST/userName/...</c>.</summary>
    Task<string> GetLabHostAsync(CancellationToken cancellationToken);

    /// <summary>Every image on the engine (images are shared on the host), newest first, with owners and users.</summary>
    Task<IReadOnlyList<LocalImage>> ListAsync(CancellationToken cancellationToken);

    /// <summary>The image's layers as <c>docker history</c> lists them (newest first), or null when there is no such image.</summary>
    Task<IReadOnlyList<ImageLayer>?> GetHistoryAsync(string image, CancellationToken cancellationToken);

    Task<ImageActionResult> PullAsync(Actor actor, string reference, ImageProgress? progress, CancellationToken cancellationToken);

    Task<ImageActionResult> BuildAsync(Actor actor, ImageBuildRequest request, ImageProgress? progress, CancellationToken cancellationToken);

    /// <summary>Commits a container (the actor's own; admins any) to a name, then optionally pushes it. A failed push keeps the commit.</summary>
    Task<ImageActionResult> CommitAsync(Actor actor, string containerId, string reference, bool push, ImageProgress? progress, CancellationToken cancellationToken);

    Task<ImageActionResult> TagAsync(Actor actor, string image, string reference, CancellationToken cancellationToken);

    Task<ImageActionResult> PushAsync(Actor actor, string reference, ImageProgress? progress, CancellationToken cancellationToken);

    /// <summary>Removes an image or one of its names without force: members only their own, and never one a container uses.</summary>
    Task<ImageActionResult> RemoveAsync(Actor actor, string image, CancellationToken cancellationToken);
}
