using Portal.Engine.Cleanup;

namespace Portal.Engine.Tests.Cleanup;

/// <summary>Owners are told of the items the nightly run removes within the notice period, and when.</summary>
public sealed class CleanupNoticesTests
{
    // Tuesday noon; the schedule runs at 03:00 UTC every night.
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);
    private static readonly Cronos.CronExpression Nightly = CleanupCron.Parse("0 3 * * *", Now).Expression!;

    [Fact]
    public void Compute_ItemsReachingTheAgeWithinTheNoticePeriod_AreToldWithTheirRun()
    {
        var candidates = new[]
        {
            Candidate("stopped-28-days", Now.AddDays(-28), ageLimited: true),
            Candidate("stopped-10-days", Now.AddDays(-10), ageLimited: true),
            Candidate("stopped-40-days", Now.AddDays(-40), ageLimited: true),
            Candidate("dangling", Now.AddDays(-1), ageLimited: false),
            Candidate("running", Now.AddDays(-90), ageLimited: true, blocker: "it is running"),
        };

        var notices = CleanupNotices.Compute(Nightly, olderThanDays: 30, noticeDays: 3, Now, candidates);

        Assert.Equal(
            [("dangling", At(11)), ("stopped-40-days", At(11)), ("stopped-28-days", At(13))],
            notices.Select(n => (n.Item.Name, n.RemovalAt)));
    }

    [Fact]
    public void Compute_RunFallsJustAfterTheNoticePeriod_IsNotToldYet()
    {
        // Eligible on the 13th at 12:00, so removed on the 14th at 03:00: more than 3 days from now.
        var candidates = new[] { Candidate("later", Now.AddDays(-27), ageLimited: true) };

        Assert.Empty(CleanupNotices.Compute(Nightly, olderThanDays: 30, noticeDays: 3, Now, candidates));
        Assert.Equal([At(14)], CleanupNotices.Compute(Nightly, olderThanDays: 30, noticeDays: 4, Now, candidates).Select(n => n.RemovalAt));
    }

    [Fact]
    public void Compute_NoticeDaysZero_TellsNothing()
    {
        var candidates = new[] { Candidate("dangling", Now, ageLimited: false) };

        Assert.Empty(CleanupNotices.Compute(Nightly, olderThanDays: 0, noticeDays: 0, Now, candidates));
    }

    [Fact]
    public void Compute_ClockExactlyAtARun_TellsTheNextOne()
    {
        var atRun = new DateTimeOffset(2026, 3, 10, 3, 0, 0, TimeSpan.Zero);
        var candidates = new[] { Candidate("dangling", atRun.AddDays(-1), ageLimited: false) };

        Assert.Equal([At(11)], CleanupNotices.Compute(Nightly, olderThanDays: 0, noticeDays: 2, atRun, candidates).Select(n => n.RemovalAt));
    }

    private static DateTimeOffset At(int day) => new(2026, 3, day, 3, 0, 0, TimeSpan.Zero);

    private static CleanupCandidate Candidate(string name, DateTimeOffset since, bool ageLimited, string? blocker = null) => new(
        new CleanupItem("container:" + name, CleanupItemKinds.Container, CleanupTargets.StoppedContainers, name, "alice", 1024, since, "stopped"),
        name,
        blocker,
        ageLimited);
}
