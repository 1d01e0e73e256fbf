using Portal.Engine.Logs;

namespace Portal.Engine.Tests.Logs;

public sealed class LogRingBufferTests
{
    private static LogLine Line(long sequence, string? text = null) =>
        new(sequence, DateTimeOffset.UnixEpoch.AddSeconds(sequence), LogStreamKind.Stdout, text ?? $"line-{sequence}");

    private static LogRingBuffer Filled(int capacity, int lines)
    {
        var buffer = new LogRingBuffer(capacity);
        for (var i = 1; i <= lines; i++)
        {
            buffer.Add(Line(i));
        }

        return buffer;
    }

    [Fact]
    public void Add_BeyondCapacity_KeepsTheNewestInOrder()
    {
        var buffer = Filled(capacity: 5, lines: 12);

        Assert.Equal(5, buffer.Count);
        Assert.Equal([8L, 9, 10, 11, 12], buffer.Tail(100).Select(l => l.Sequence));
    }

    [Theory]
    [InlineData(0, new long[0])]
    [InlineData(2, new long[] { 6, 7 })]
    [InlineData(3, new long[] { 5, 6, 7 })]
    [InlineData(-1, new long[0])]
    public void Tail_Count_IsTheLastLinesOldestFirst(int count, long[] expected)
    {
        var buffer = Filled(capacity: 3, lines: 7);

        Assert.Equal(expected, buffer.Tail(count).Select(l => l.Sequence));
    }

    [Fact]
    public void Search_Text_FindsMatchesIgnoringCaseOldestFirst()
    {
        var buffer = new LogRingBuffer(10);
        buffer.Add(Line(1, "Epoch 1 loss 0.9"));
        buffer.Add(Line(2, "saving checkpoint"));
        buffer.Add(Line(3, "EPOCH 2 loss 0.5"));
        buffer.Add(Line(4, "epoch 3 LOSS 0.2"));

        Assert.Equal([1L, 3, 4], buffer.Search("epoch", 10).Select(l => l.Sequence));
        Assert.Equal([3L, 4], buffer.Search("epoch", 2).Select(l => l.Sequence));
        Assert.Empty(buffer.Search("accuracy", 10));
    }
}
