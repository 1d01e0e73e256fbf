using Cronos;

namespace Portal.Engine.Cleanup;

/// <summary>
/// Which items the schedule removes within the notice period. An item goes at the first run at or after the moment
/// it reaches the age limit (at once, for targets without one); it is told when that run is at most
/// <c>noticeDays</c> away.
/// </summary>
internal static class CleanupNotices
{
    public static IReadOnlyList<CleanupNotice> Compute(
        CronExpression cron,
        int olderThanDays,
        int noticeDays,
        DateTimeOffset now,
        IEnumerable<CleanupCandidate> candidates)
    {
        if (noticeDays <= 0)
        {
            return [];
        }

        var horizon = now.AddDays(noticeDays);
        var notices = new List<CleanupNotice>();
        foreach (var candidate in candidates.Where(c => c.Blocker is null))
        {
            var eligibleFrom = candidate.EligibleFrom(olderThanDays, now);
            // A run exactly now is already under way (or just done): the next one is the one to tell about.
            var from = eligibleFrom > now ? eligibleFrom : now.AddTicks(1);
            if (CleanupCron.RunAtOrAfter(cron, from) is { } removalAt && removalAt <= horizon)
            {
                notices.Add(new CleanupNotice(candidate.Item, removalAt));
            }
        }

        return notices.OrderBy(n => n.RemovalAt).ThenBy(n => n.Item.Name, StringComparer.Ordinal).ToList();
    }
}
