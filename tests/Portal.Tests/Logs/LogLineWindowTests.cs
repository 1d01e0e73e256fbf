using Portal.Components.Logs;
using Portal.Engine.Logs;

namespace Portal.Tests.Logs;

public sealed class LogLineWindowTests
{
    [Fact]
    public void Append_WithinCapacity_KeepsEveryLine()
    {
        var window = new LogLineWindow(capacity: 4);
        window.Append([Line(1), Line(2)]);
        window.Append([Line(3)]);

        Assert.Equal([1L, 2L, 3L], window.Items.Select(line => line.Sequence));
        Assert.Equal(3, window.LastSequence);
        Assert.False(window.IsFull);
    }

    [Fact]
    public void Append_BeyondCapacity_DropsTheOldest()
    {
        var window = new LogLineWindow(capacity: 3);
        window.Append([Line(1), Line(2)]);
        window.Append([Line(3), Line(4), Line(5), Line(6)]);

        Assert.Equal([4L, 5L, 6L], window.Items.Select(line => line.Sequence));
        Assert.True(window.IsFull);
    }

    [Fact]
    public void Clear_Empties()
    {
        var window = new LogLineWindow(capacity: 3);
        window.Append([Line(1)]);

        window.Clear();

        Assert.Equal(0, window.Count);
        Assert.Null(window.LastSequence);
    }

    [Fact]
    public void Constructor_CapacityBelowOne_Refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LogLineWindow(0));
    }

    private static LogLine Line(long sequence) => new(sequence, DateTimeOffset.UnixEpoch, LogStreamKind.Stdout, $"line {sequence}");
}
