using Portal.Engine.Disk;
using Portal.Engine.Launch;

namespace Portal.Tests.Components.Fakes;

/// <summary>Disk quotas per user name over a <see cref="FakeDiskUsage"/>'s figures, levels as the engine computes them (warning from 90 %).</summary>
internal sealed class FakeDiskQuota(IDiskUsage usage) : IDiskQuota
{
    private readonly Dictionary<string, double> _quotas = new(StringComparer.Ordinal);

    public void Set(string userName, double maxDiskGiB) => _quotas[userName] = maxDiskGiB;

    public Task<DiskQuotaStatus> GetStatusAsync(string userName, CancellationToken cancellationToken) =>
        Task.FromResult(StatusOf(usage.Current.Figures.For(userName), usage.Current));

    public Task<IReadOnlyList<DiskQuotaStatus>> ListStatusesAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<DiskQuotaStatus>>(usage.Current.Figures.Users.Values.Select(u => StatusOf(u, usage.Current)).ToList());

    public Task<LaunchError?> CheckAsync(string userName, CancellationToken cancellationToken) => Task.FromResult<LaunchError?>(null);

    private DiskQuotaStatus StatusOf(UserDiskUsage user, DiskUsageSnapshot snapshot)
    {
        var quota = _quotas.GetValueOrDefault(user.UserName);
        return new DiskQuotaStatus(user, quota, DiskQuotaStatus.LevelFor(user.TotalBytes, quota, 90, snapshot.HasFigures), snapshot.MeasuredAt);
    }
}
