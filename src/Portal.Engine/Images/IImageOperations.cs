using Portal.Engine.Common;
using Portal.Engine.Registries;

namespace Portal.Engine.Images;

/// <summary>Images on this workstation's engine. No policy here: callers check ownership, names and quotas.</summary>
public interface IImageOperations
{
    /// <summary>True when the engine has the image (by name:tag or id).</summary>
    Task<bool> ExistsAsync(string image, CancellationToken cancellationToken);

    /// <summary>
    /// Removes an image (by id or name:tag) without force: the engine refuses one a container uses, or one tagged in
    /// several repositories when asked by id, and that comes back as <see cref="RemovalStatus.InUse"/> with its reason.
    /// </summary>
    Task<RemovalResult> RemoveAsync(string image, CancellationToken cancellationToken);

    /// <summary>Every image with its tags, and the containers (any state) made from each; owners are left empty.</summary>
    Task<IReadOnlyList<LocalImage>> ListAsync(CancellationToken cancellationToken);

    /// <summary>The id of an image by name:tag or id, or null when the engine has no such image.</summary>
    Task<string?> GetIdAsync(string image, CancellationToken cancellationToken);

    /// <summary>The image's history as <c>docker history</c> shows it (newest layer first), or null when there is no such image.</summary>
    Task<IReadOnlyList<ImageLayer>?> GetHistoryAsync(string image, CancellationToken cancellationToken);

    Task TagAsync(string image, string repository, string tag, CancellationToken cancellationToken);

    /// <summary>Pulls with progress; returns null when it worked, else the engine's or registry's message.</summary>
    Task<string?> PullAsync(string reference, RegistryAccess? registry, ImageProgress progress, CancellationToken cancellationToken);

    /// <summary>Pushes with progress; returns null when it worked, else the engine's or registry's message.</summary>
    Task<string?> PushAsync(string reference, RegistryAccess? registry, ImageProgress progress, CancellationToken cancellationToken);

    /// <summary>
    /// Builds from a context tar with the classic builder (never BuildKit), removing intermediate containers even
    /// when a step fails, and tags the result; returns null when it worked, else the failing step's message.
    /// </summary>
    Task<string?> BuildAsync(
        Stream context, string dockerfileName, string reference, IReadOnlyList<RegistryAccess> registries, BuildLimits limits, ImageProgress progress, CancellationToken cancellationToken);

    /// <summary>
    /// Commits a container's file system to <paramref name="repository"/>:<paramref name="tag"/> and returns the new
    /// image's id; an engine refusal throws with its message. The engine copies the container's labels and
    /// environment into the image and can only override them, so <paramref name="blankLabels"/> and
    /// <paramref name="blankEnvironment"/> are kept in the image with empty values.
    /// </summary>
    Task<string> CommitAsync(
        string containerId, string repository, string tag, string comment, IReadOnlyCollection<string> blankLabels, IReadOnlyCollection<string> blankEnvironment, CancellationToken cancellationToken);
}
