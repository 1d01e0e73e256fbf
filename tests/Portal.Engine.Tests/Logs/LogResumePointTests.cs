using Portal.Engine.Logs;

namespace Portal.Engine.Tests.Logs;

public sealed class LogResumePointTests
{
    private static readonly DateTimeOffset T1 = new(2026, 11, 25, 0, 0, 1, TimeSpan.Zero);
    private static readonly DateTimeOffset T2 = T1.AddTicks(1);

    private static LogLine Line(DateTimeOffset time, string text) => new(0, time, LogStreamKind.Stdout, text);

    [Fact]
    public void Resume_NothingSeen_HasNoSinceAndSkipsNothing()
    {
        var resume = new LogResumePoint();

        Assert.Null(resume.Resume());
        Assert.False(resume.IsRepeat(Line(T1, "a")));
    }

    [Fact]
    public void Resume_LinesSharingTheLastTime_SkipsExactlyThoseSeen()
    {
        // Docker stamps every line of one read from the container with the same time, and since includes it.
        var resume = new LogResumePoint();
        foreach (var line in new[] { Line(T1, "a"), Line(T2, "b"), Line(T2, "c") })
        {
            Assert.False(resume.IsRepeat(line));
            resume.Seen(line);
        }

        Assert.Equal(DockerTimestamp.ToSince(T2), resume.Resume());
        var fresh = new[] { Line(T2, "b"), Line(T2, "c"), Line(T2, "d"), Line(T2.AddSeconds(1), "e") }
            .Where(line => !resume.IsRepeat(line))
            .Select(line => line.Text);
        Assert.Equal(["d", "e"], fresh);
    }

    [Fact]
    public void IsRepeat_NewerLineFirst_StopsSkipping()
    {
        var resume = new LogResumePoint();
        resume.Seen(Line(T1, "a"));
        resume.Resume();

        Assert.False(resume.IsRepeat(Line(T2, "b")));
        Assert.False(resume.IsRepeat(Line(T1, "late duplicate time")));
    }

    [Fact]
    public void IsRepeat_OlderLineOnTheSameStream_IsARepeat()
    {
        // Docker 20.10's follow re-reads lines when json-file rotates the log under it.
        var resume = new LogResumePoint();
        foreach (var line in new[] { Line(T1, "a"), Line(T2, "b") })
        {
            resume.Seen(line);
        }

        Assert.True(resume.IsRepeat(Line(T1, "a")));
        Assert.False(resume.IsRepeat(Line(T2.AddTicks(1), "c")));
    }

    [Fact]
    public void IsRepeat_OlderLineOnTheOtherStream_IsKept()
    {
        // Docker keeps stdout and stderr apart: a stderr line may come after a newer stdout line.
        var resume = new LogResumePoint();
        resume.Seen(Line(T2, "out"));

        Assert.False(resume.IsRepeat(new LogLine(0, T1, LogStreamKind.Stderr, "err")));
    }
}
