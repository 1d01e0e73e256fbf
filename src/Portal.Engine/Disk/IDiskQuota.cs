using Portal.Engine.Launch;

namespace Portal.Engine.Disk;

/// <summary>
/// The disk quota (<c>Quotas:MaxDiskGiB</c>, overridden per user) against the last accounting figures. Reads never
/// wait for a scan. Over quota, what writes to the disk is refused; nothing that already runs is stopped.
/// </summary>
public interface IDiskQuota
{
    Task<DiskQuotaStatus> GetStatusAsync(string userName, CancellationToken cancellationToken);

    /// <summary>Every user of the last figures (all known users and every owner found), by user name.</summary>
    Task<IReadOnlyList<DiskQuotaStatus>> ListStatusesAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Null when the user may add to the disk; otherwise a <see cref="LaunchErrorCodes.QuotaExceeded"/> error that names
    /// their usage, their quota and the largest items to remove. Launches call it; commits, builds and pulls should too.
    /// Before the first pass finished there are no figures, and nothing is refused.
    /// </summary>
    Task<LaunchError?> CheckAsync(string userName, CancellationToken cancellationToken);
}
