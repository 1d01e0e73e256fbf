using Portal.Engine.Cleanup;

namespace Portal.Engine.Tests.Cleanup;

/// <summary>The schedule's cron: next runs in UTC from a given clock, clear errors for bad expressions, a hint in words.</summary>
public sealed class CleanupCronTests
{
    private static readonly DateTimeOffset Monday0259 = new(2026, 3, 2, 2, 59, 30, TimeSpan.Zero);

    [Fact]
    public void NextRuns_Nightly_AreTheNextThreeNightsAt0300Utc()
    {
        var clock = new FixedTimeProvider(Monday0259);
        var (cron, error) = CleanupCron.Parse("0 3 * * *", clock.GetUtcNow());

        var runs = CleanupCron.NextRuns(cron!, clock.GetUtcNow(), 3);

        Assert.Null(error);
        Assert.Equal(
            [new DateTimeOffset(2026, 3, 2, 3, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 3, 3, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 4, 3, 0, 0, TimeSpan.Zero)],
            runs);
    }

    [Fact]
    public void NextRuns_ClockExactlyAtARun_IsTheFollowingOne()
    {
        var clock = new FixedTimeProvider(new DateTimeOffset(2026, 3, 2, 3, 0, 0, TimeSpan.Zero));
        var (cron, _) = CleanupCron.Parse("0 3 * * *", clock.GetUtcNow());

        Assert.Equal([new DateTimeOffset(2026, 3, 3, 3, 0, 0, TimeSpan.Zero)], CleanupCron.NextRuns(cron!, clock.GetUtcNow(), 1));
    }

    [Fact]
    public void NextRuns_WeeklyOnSundays_SkipToSunday()
    {
        var clock = new FixedTimeProvider(Monday0259);
        var (cron, _) = CleanupCron.Parse("15 4 * * 0", clock.GetUtcNow());

        var runs = CleanupCron.NextRuns(cron!, clock.GetUtcNow(), 2);

        Assert.Equal([new DateTimeOffset(2026, 3, 8, 4, 15, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 15, 4, 15, 0, TimeSpan.Zero)], runs);
    }

    [Fact]
    public void NextRuns_AClockInAnotherOffset_CountsInUtc()
    {
        // 04:30 at UTC+2 is 02:30 UTC: today's 03:00 UTC is still ahead, though 03:00 local time has passed.
        var clock = new FixedTimeProvider(new DateTimeOffset(2026, 3, 2, 4, 30, 0, TimeSpan.FromHours(2)));
        var (cron, _) = CleanupCron.Parse("0 3 * * *", clock.GetUtcNow());

        Assert.Equal([new DateTimeOffset(2026, 3, 2, 3, 0, 0, TimeSpan.Zero)], CleanupCron.NextRuns(cron!, clock.GetUtcNow(), 1));
    }

    [Theory]
    [InlineData("61 3 * * *", "'61 3 * * *' is not a valid cron expression (Minutes: Value must be a number between 0 and 59")]
    [InlineData("0 3 * *", "'0 3 * *' is not a valid cron expression")]
    [InlineData("0 3 * * * *", "'0 3 * * * *' is not a valid cron expression")]
    [InlineData("nightly", "'nightly' is not a valid cron expression")]
    [InlineData("", "Enter a cron expression")]
    [InlineData("0 0 30 2 *", "'0 0 30 2 *' never runs")]
    public void Parse_Invalid_SaysWhatIsWrongAndHowItShouldLook(string text, string expected)
    {
        var (cron, error) = CleanupCron.Parse(text, Monday0259);

        Assert.Null(cron);
        Assert.StartsWith(expected, error, StringComparison.Ordinal);
        Assert.Contains("e.g. '0 3 ", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0 3 * * *", "every day at 03:00 UTC")]
    [InlineData("30 4 * * 1", "every Monday at 04:30 UTC")]
    [InlineData("0 2 * * 1-5", "every weekday at 02:00 UTC")]
    [InlineData("0 2 * * sat,sun", "every Saturday and Sunday at 02:00 UTC")]
    [InlineData("0 5 1 * *", "on day 1 of every month at 05:00 UTC")]
    [InlineData("15 * * * *", "every hour at minute 15")]
    [InlineData("*/30 * * * *", "every 30 minutes")]
    [InlineData("@weekly", "every Sunday at 00:00 UTC")]
    [InlineData("0 3 1-7 * 1", "a custom schedule: see its next runs")]
    public void Describe_CommonShapes_InWords(string text, string expected) =>
        Assert.Equal(expected, CleanupCron.Describe(text));
}
