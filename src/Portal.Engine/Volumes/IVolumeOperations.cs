using Portal.Engine.Common;

namespace Portal.Engine.Volumes;

/// <summary>Volumes on the engine. The launch policy mounts none; users may still own labelled ones (made by the portal or an admin).</summary>
public interface IVolumeOperations
{
    /// <summary>The volume's labels, or null when there is no such volume.</summary>
    Task<IReadOnlyDictionary<string, string>?> GetLabelsAsync(string name, CancellationToken cancellationToken);

    /// <summary>Removes a volume without force: one a container mounts comes back as <see cref="RemovalStatus.InUse"/>.</summary>
    Task<RemovalResult> RemoveAsync(string name, CancellationToken cancellationToken);
}
