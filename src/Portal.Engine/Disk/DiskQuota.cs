using Microsoft.Extensions.Options;
using Portal.Engine.Common;
using Portal.Engine.Launch;
using Portal.Engine.Quotas;

namespace Portal.Engine.Disk;

internal sealed class DiskQuota(IDiskUsage usage, IQuotaService quotas, IOptions<DiskOptions> options, TimeProvider timeProvider) : IDiskQuota
{
    /// <summary>A message names this many items: enough to act on, short enough to read.</summary>
    internal const int ItemsNamed = 3;

    public async Task<DiskQuotaStatus> GetStatusAsync(string userName, CancellationToken cancellationToken)
    {
        var limits = await quotas.GetLimitsAsync(userName, cancellationToken).ConfigureAwait(false);
        var snapshot = usage.Current;
        return StatusOf(snapshot.Figures.For(userName), limits.MaxDiskGiB, snapshot);
    }

    public async Task<IReadOnlyList<DiskQuotaStatus>> ListStatusesAsync(CancellationToken cancellationToken)
    {
        var snapshot = usage.Current;
        var statuses = new List<DiskQuotaStatus>(snapshot.Figures.Users.Count);
        foreach (var user in snapshot.Figures.Users.Values.OrderBy(u => u.UserName, StringComparer.Ordinal))
        {
            var limits = await quotas.GetLimitsAsync(user.UserName, cancellationToken).ConfigureAwait(false);
            statuses.Add(StatusOf(user, limits.MaxDiskGiB, snapshot));
        }

        return statuses;
    }

    public async Task<LaunchError?> CheckAsync(string userName, CancellationToken cancellationToken)
    {
        var status = await GetStatusAsync(userName, cancellationToken).ConfigureAwait(false);
        return status.Level == DiskQuotaLevel.Exceeded
            ? new LaunchError(LaunchErrorCodes.QuotaExceeded, Describe(status, timeProvider.GetUtcNow()))
            : null;
    }

    private DiskQuotaStatus StatusOf(UserDiskUsage mine, double maxDiskGiB, DiskUsageSnapshot snapshot) =>
        new(mine, maxDiskGiB, DiskQuotaStatus.LevelFor(mine.TotalBytes, maxDiskGiB, options.Value.WarningPercent, snapshot.HasFigures), snapshot.MeasuredAt);

    /// <summary>"You use 52.1 GiB of your 50 GiB disk quota; remove some of: container train-3 (20.3 GiB writable layer), ..."</summary>
    internal static string Describe(DiskQuotaStatus status, DateTimeOffset now)
    {
        var items = status.Usage.Largest.Take(ItemsNamed).Select(i => $"{i.Describe()} ({DiskBytes.Format(i.Bytes)} {i.BytesMeaning})").ToList();
        var remove = items.Count > 0 ? $"; remove some of: {string.Join(", ", items)}" : string.Empty;
        var age = status.MeasuredAt is { } measured ? $" (measured {Durations.Humanize(now - measured).ToLowerInvariant()} ago; the Disk page has the details)" : string.Empty;
        return $"You use {DiskBytes.Format(status.UsedBytes)} of your {DiskBytes.FormatGiB(status.MaxDiskGiB)} disk quota{remove}.{age}";
    }
}
