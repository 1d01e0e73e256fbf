using Portal.Engine.Common;

namespace Portal.Engine.Images;

/// <summary>Images on this workstation's engine.</summary>
public interface IImageOperations
{
    /// <summary>True when the engine has the image (by name:tag or id).</summary>
    Task<bool> ExistsAsync(string image, CancellationToken cancellationToken);

    /// <summary>
    /// Removes an image (by id or name:tag) without force: the engine refuses one a container uses, or one tagged in
    /// several repositories when asked by id, and that comes back as <see cref="RemovalStatus.InUse"/> with its reason.
    /// </summary>
    Task<RemovalResult> RemoveAsync(string image, CancellationToken cancellationToken);
}
