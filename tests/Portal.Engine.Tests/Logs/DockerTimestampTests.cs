using System.Text;
using Portal.Engine.Logs;

namespace Portal.Engine.Tests.Logs;

public sealed class DockerTimestampTests
{
    [Theory]
    [InlineData("2026-11-25T00:15:55.219734733Z", "2026-11-25T00:15:55.2197347+00:00")]
    [InlineData("2026-11-25T00:15:55Z", "2026-11-25T00:15:55.0000000+00:00")]
    [InlineData("2026-11-25T00:15:55.5Z", "2026-11-25T00:15:55.5000000+00:00")]
    [InlineData("2026-11-25T02:15:55.000000001+02:00", "2026-11-25T00:15:55.0000000+00:00")]
    [InlineData("2024-02-29T23:59:59.999999999-01:30", "2024-03-01T01:29:59.9999999+00:00")]
    public void TryParse_DockerTimestamps_ReadToTheTickInUtc(string text, string expected)
    {
        Assert.True(DockerTimestamp.TryParse(Encoding.ASCII.GetBytes(text), out var value));

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), value);
        Assert.Equal(TimeSpan.Zero, value.Offset);
    }

    [Theory]
    [InlineData("")]
    [InlineData("hello world")]
    [InlineData("2026-11-25T00:15:55")]
    [InlineData("2026-11-25T00:15:55.Z")]
    [InlineData("2026-11-25T00:15:55.1234567890Z")]
    [InlineData("2026-13-25T00:15:55Z")]
    [InlineData("2023-02-29T00:15:55Z")]
    [InlineData("2026-11-25T24:00:00Z")]
    [InlineData("2026-11-25 00:15:55Z")]
    [InlineData("2026-11-25T00:15:55.1Zjunk")]
    [InlineData("2026-11-25T00:15:55+2:00")]
    [InlineData("0000-01-01T00:00:00Z")]
    public void TryParse_NotATimestamp_IsFalseWithoutThrowing(string text)
    {
        Assert.False(DockerTimestamp.TryParse(Encoding.ASCII.GetBytes(text), out _));
    }

    [Fact]
    public void CanContinue_DockerTimestamp_AcceptsEveryByte()
    {
        var bytes = Encoding.ASCII.GetBytes("2026-11-25T00:15:55.219734733+02:00");

        Assert.All(Enumerable.Range(0, bytes.Length), i => Assert.True(DockerTimestamp.CanContinue(i, bytes[i]), $"byte {i}"));
    }

    [Theory]
    [InlineData(0, (byte)'x')]
    [InlineData(4, (byte)'3')]
    [InlineData(10, (byte)' ')]
    [InlineData(19, (byte)' ')]
    [InlineData(DockerTimestamp.MaxLength, (byte)'0')]
    public void CanContinue_ByteThatCannotBelong_IsFalse(int position, byte value)
    {
        Assert.False(DockerTimestamp.CanContinue(position, value));
    }

    [Fact]
    public void ToSince_Time_IsUnixSecondsWithNineFractionalDigits()
    {
        var time = DateTimeOffset.UnixEpoch.AddSeconds(1_764_029_755).AddTicks(2_197_347);

        Assert.Equal("1764029755.219734700", DockerTimestamp.ToSince(time));
    }
}
