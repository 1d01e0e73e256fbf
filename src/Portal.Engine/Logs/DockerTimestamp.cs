using System.Globalization;

namespace Portal.Engine.Logs;

/// <summary>
/// The RFC 3339 timestamps Docker puts before each log message when asked (<c>timestamps=true</c>), e.g.
/// <c>2024-05-01T12:00:00.123456789Z</c>, read straight from the bytes. Docker writes nanoseconds; .NET keeps
/// ticks (100 ns), so a parsed value is cut to the tick.
/// </summary>
internal static class DockerTimestamp
{
    /// <summary>Longer than any timestamp Docker writes (35 bytes with a numeric offset), so a header is found or ruled out early.</summary>
    public const int MaxLength = 40;

    /// <summary>The fixed part: <c>yyyy-MM-ddTHH:mm:ss</c>.</summary>
    private const string Shape = "dddd-dd-ddTdd:dd:dd";

    /// <summary>Whether <paramref name="value"/> may stand at <paramref name="position"/> of a timestamp, so anything else is ruled out at the first byte that cannot belong.</summary>
    public static bool CanContinue(int position, byte value)
    {
        if (position < Shape.Length)
        {
            return Shape[position] == 'd' ? IsDigit(value) : value == Shape[position];
        }

        return position < MaxLength && (IsDigit(value) || value is (byte)'.' or (byte)'Z' or (byte)'+' or (byte)'-' or (byte)':');
    }

    /// <summary>Parses <c>yyyy-MM-ddTHH:mm:ss[.fraction](Z|±HH:mm)</c>; false for anything else, never an exception.</summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out DateTimeOffset value)
    {
        value = default;
        if (text.Length < Shape.Length + 1)
        {
            return false;
        }

        for (var i = 0; i < Shape.Length; i++)
        {
            if (!CanContinue(i, text[i]))
            {
                return false;
            }
        }

        var year = Number(text[..4]);
        var month = Number(text[5..7]);
        var day = Number(text[8..10]);
        var hour = Number(text[11..13]);
        var minute = Number(text[14..16]);
        var second = Number(text[17..19]);
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year == 0 ? 1 : year, month) || year == 0
            || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        var rest = text[Shape.Length..];
        long ticks = 0;
        if (rest[0] == (byte)'.')
        {
            var digits = 0;
            var scale = TimeSpan.TicksPerSecond;
            rest = rest[1..];
            while (!rest.IsEmpty && IsDigit(rest[0]))
            {
                scale /= 10;
                ticks += (rest[0] - '0') * scale;
                digits++;
                rest = rest[1..];
            }

            if (digits is 0 or > 9)
            {
                return false;
            }
        }

        TimeSpan offset;
        if (rest.Length == 1 && rest[0] == (byte)'Z')
        {
            offset = TimeSpan.Zero;
        }
        else if (rest.Length == 6 && rest[0] is (byte)'+' or (byte)'-' && IsDigit(rest[1]) && IsDigit(rest[2]) && rest[3] == (byte)':' && IsDigit(rest[4]) && IsDigit(rest[5]))
        {
            var hours = Number(rest[1..3]);
            var minutes = Number(rest[4..6]);
            if (hours > 14 || minutes > 59)
            {
                return false;
            }

            offset = new TimeSpan(hours, minutes, 0) * (rest[0] == (byte)'-' ? -1 : 1);
        }
        else
        {
            return false;
        }

        value = new DateTimeOffset(year, month, day, hour, minute, second, offset).AddTicks(ticks).ToUniversalTime();
        return true;
    }

    /// <summary>
    /// The Docker API's <c>since</c> for <paramref name="time"/>: UNIX seconds with nine fractional digits. Docker
    /// includes messages at exactly that time, so a resumed read starts with the last line already seen.
    /// </summary>
    public static string ToSince(DateTimeOffset time)
    {
        var ticks = Math.Max(0, time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks);
        var seconds = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out var fraction);
        return string.Create(CultureInfo.InvariantCulture, $"{seconds}.{fraction * 100:D9}");
    }

    private static bool IsDigit(byte value) => value is >= (byte)'0' and <= (byte)'9';

    private static int Number(ReadOnlySpan<byte> digits)
    {
        var number = 0;
        foreach (var digit in digits)
        {
            number = (number * 10) + (digit - '0');
        }

        return number;
    }
}
