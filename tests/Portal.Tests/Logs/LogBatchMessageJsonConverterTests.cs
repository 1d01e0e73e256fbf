using System.Text.Json;
using Portal.Engine.Logs;
using Portal.Logs;

namespace Portal.Tests.Logs;

/// <summary>The hub's hand-written batch JSON must be exactly what the serializer writes for the documented shape.</summary>
public sealed class LogBatchMessageJsonConverterTests
{
    private static readonly DateTimeOffset At = new DateTimeOffset(2026, 11, 25, 1, 2, 3, TimeSpan.Zero).AddTicks(1234567);

    [Theory]
    [InlineData(LogStreamKind.Stdout, "epoch 3 loss 0.125")]
    [InlineData(LogStreamKind.Stderr, "<script>alert(\"x\")</script> & 'quotes'")]
    [InlineData(LogStreamKind.System, "— container restarted — \u001b[31mred\u001b[0m ü \t tab")]
    public void Write_OneLine_MatchesTheSerializersOutputForLogLineMessage(LogStreamKind stream, string text)
    {
        var line = new LogLine(42, At, stream, text);
        var batch = LogBatchMessage.From(new LogBatch([line], Missed: 7));

        var written = JsonSerializer.Serialize(batch, JsonSerializerOptions.Web);

        var expected = JsonSerializer.Serialize(new { lines = new[] { LogLineMessage.From(line) }, missed = 7L }, JsonSerializerOptions.Web);
        Assert.Equal(expected, written);
    }

    [Fact]
    public void Write_SameLineTwice_EncodesItOnce()
    {
        var line = new LogLine(1, At, LogStreamKind.Stdout, "shared by every viewer");
        var first = JsonSerializer.Serialize(LogBatchMessage.From(new LogBatch([line], 0)), JsonSerializerOptions.Web);
        var second = JsonSerializer.Serialize(LogBatchMessage.From(new LogBatch([line, line], 0)), JsonSerializerOptions.Web);

        using var parsed = JsonDocument.Parse(second);
        Assert.Equal(2, parsed.RootElement.GetProperty("lines").GetArrayLength());
        Assert.StartsWith(first[..^"],\"missed\":0}".Length], second, StringComparison.Ordinal);
    }
}
