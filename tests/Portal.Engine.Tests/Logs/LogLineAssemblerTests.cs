using System.Text;
using Portal.Engine.Logs;

namespace Portal.Engine.Tests.Logs;

/// <summary>One output stream's bytes, read from Docker with timestamps, into lines: reads split anywhere.</summary>
public sealed class LogLineAssemblerTests
{
    private const string Time1 = "2026-11-25T00:15:55.219734733Z";
    private const string Time2 = "2026-11-25T00:15:56.000000001Z";
    private static readonly DateTimeOffset Arrival = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static LogLineAssembler Assembler(int maxLineLength = 100) => new(LogStreamKind.Stdout, maxLineLength, () => Arrival);

    private static DateTimeOffset Parse(string time)
    {
        Assert.True(DockerTimestamp.TryParse(Encoding.ASCII.GetBytes(time), out var value));
        return value;
    }

    /// <summary>Feeds the bytes as reads of the given sizes (cycled), then ends the stream.</summary>
    private static List<LogLine> Feed(LogLineAssembler assembler, byte[] bytes, params int[] readSizes)
    {
        var lines = new List<LogLine>();
        var offset = 0;
        for (var i = 0; offset < bytes.Length; i++)
        {
            var size = Math.Min(readSizes.Length == 0 ? bytes.Length : readSizes[i % readSizes.Length], bytes.Length - offset);
            assembler.Append(bytes.AsSpan(offset, size), lines);
            offset += size;
        }

        assembler.Complete(lines);
        return lines;
    }

    private static List<LogLine> Feed(string text, int maxLineLength = 100, params int[] readSizes) =>
        Feed(Assembler(maxLineLength), Encoding.UTF8.GetBytes(text), readSizes);

    [Fact]
    public void Append_TimestampedLines_SplitsTextAndTimestamps()
    {
        var lines = Feed($"{Time1} first line\n{Time2} second\n");

        Assert.Equal(["first line", "second"], lines.Select(l => l.Text));
        Assert.Equal([Parse(Time1), Parse(Time2)], lines.Select(l => l.Timestamp));
        Assert.All(lines, l => Assert.Equal(LogStreamKind.Stdout, l.Stream));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(30)]
    [InlineData(31)]
    [InlineData(32)]
    public void Append_ReadsSplitAnywhere_GiveTheSameLines(int readSize)
    {
        var text = $"{Time1} alpha β\r\n{Time2} \n{Time1} gamma 🚀 done\n";

        var lines = Feed(text, 100, readSize);

        Assert.Equal(["alpha β", string.Empty, "gamma 🚀 done"], lines.Select(l => l.Text));
        Assert.Equal([Parse(Time1), Parse(Time2), Parse(Time1)], lines.Select(l => l.Timestamp));
    }

    [Fact]
    public void Append_TtyLineEndings_TrailingCarriageReturnsGo()
    {
        var lines = Feed($"{Time1} hello\r\n{Time1} x\r\r\n{Time1} a\rb\r\n");

        Assert.Equal(["hello", "x", "a\rb"], lines.Select(l => l.Text));
    }

    [Fact]
    public void Append_PartialLineAcrossReads_IsJoined()
    {
        var assembler = Assembler();
        var lines = new List<LogLine>();

        assembler.Append(Encoding.UTF8.GetBytes($"{Time1} hel"), lines);
        Assert.Empty(lines);
        assembler.Append("lo wor"u8, lines);
        assembler.Append("ld\n"u8, lines);

        Assert.Equal("hello world", Assert.Single(lines).Text);
    }

    [Fact]
    public void Append_DockerContinuationMessage_DropsItsTimestamp()
    {
        // Docker cuts lines longer than 16 KiB into messages, each with its own timestamp; here each message is a read.
        var assembler = Assembler();
        var lines = new List<LogLine>();

        assembler.Append(Encoding.UTF8.GetBytes($"{Time1} first half, "), lines);
        assembler.Append(Encoding.UTF8.GetBytes($"{Time2} second half\n"), lines);

        var line = Assert.Single(lines);
        Assert.Equal("first half, second half", line.Text);
        Assert.Equal(Parse(Time1), line.Timestamp);
    }

    [Fact]
    public void Append_ReadStartingWithTimestampLikeText_IsText()
    {
        var assembler = Assembler();
        var lines = new List<LogLine>();

        assembler.Append(Encoding.UTF8.GetBytes($"{Time1} at "), lines);
        assembler.Append("2026-11-25 the date\n"u8, lines);

        Assert.Equal("at 2026-11-25 the date", Assert.Single(lines).Text);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(1000)]
    public void Append_LongLine_IsCutAtTheMaximumWithTheMarker(int readSize)
    {
        var text = $"{Time1} {new string('a', 250)}\n{Time2} next\n";

        var lines = Feed(text, 100, readSize);

        Assert.Equal([new string('a', 100) + LogLimits.TruncationMarker, "next"], lines.Select(l => l.Text));
        Assert.Equal(Parse(Time2), lines[1].Timestamp);
    }

    [Fact]
    public void Append_LineOfExactlyTheMaximum_IsKeptWhole()
    {
        var lines = Feed($"{Time1} {new string('b', 100)}\r\n{Time1} {new string('t', 100)}\r\r\n{Time1} {new string('c', 101)}\n");

        Assert.Equal([new string('b', 100), new string('t', 100), new string('c', 100) + LogLimits.TruncationMarker], lines.Select(l => l.Text));
    }

    [Fact]
    public void Append_EndlessLine_KeepsNoMoreThanTheMaximum()
    {
        var assembler = Assembler(100);
        var lines = new List<LogLine>();
        assembler.Append(Encoding.UTF8.GetBytes($"{Time1} "), lines);
        var chunk = Encoding.UTF8.GetBytes(new string('z', 64 * 1024));

        for (var i = 0; i < 160; i++)
        {
            assembler.Append(chunk, lines);
        }

        assembler.Append("\n"u8, lines);

        Assert.Equal(new string('z', 100) + LogLimits.TruncationMarker, Assert.Single(lines).Text);
    }

    [Fact]
    public void Append_CutInsideASurrogatePair_KeepsTheTextValid()
    {
        var lines = Feed($"{Time1} {new string('a', 99)}🚀🚀\n", maxLineLength: 100);

        Assert.Equal(new string('a', 99) + LogLimits.TruncationMarker, Assert.Single(lines).Text);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(33)]
    [InlineData(100)]
    public void Append_InvalidUtf8_BecomesReplacementCharacters(int readSize)
    {
        var bytes = Encoding.ASCII.GetBytes($"{Time1} ok ").Concat(new byte[] { 0xff, 0xc3, (byte)'!', 0xe2, 0x82 }).Concat("\n"u8.ToArray())
            .Concat(Encoding.UTF8.GetBytes($"{Time2} é")).Concat(new byte[] { 0xc3, 0xa9, (byte)'\n' }).ToArray();

        var lines = Feed(Assembler(), bytes, readSize);

        Assert.Equal(["ok \uFFFD\uFFFD!\uFFFD", "éé"], lines.Select(l => l.Text));
    }

    [Fact]
    public void Append_NoTimestamp_StampsTheLineOnArrival()
    {
        var lines = Feed("plain text without a header\n");

        var line = Assert.Single(lines);
        Assert.Equal("plain text without a header", line.Text);
        Assert.Equal(Arrival, line.Timestamp);
    }

    [Fact]
    public void Complete_OpenLine_IsDelivered()
    {
        var lines = Feed($"{Time1} done\n{Time2} no newline at the end");

        Assert.Equal(["done", "no newline at the end"], lines.Select(l => l.Text));
    }

    [Fact]
    public void Complete_NothingOpen_DeliversNothing()
    {
        var lines = Feed($"{Time1} done\n");

        Assert.Equal("done", Assert.Single(lines).Text);
    }
}
