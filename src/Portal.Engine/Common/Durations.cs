using System.Globalization;

namespace Portal.Engine.Common;

/// <summary>Durations in the words Docker uses ("Less than a second", "3 minutes", "2 hours", "5 days").</summary>
public static class Durations
{
    public static string Humanize(TimeSpan span)
    {
        if (span < TimeSpan.FromSeconds(1))
        {
            return "Less than a second";
        }

        static string Unit(double value, string unit)
        {
            var whole = (int)Math.Floor(value);
            return string.Create(CultureInfo.InvariantCulture, $"{whole} {unit}{(whole == 1 ? string.Empty : "s")}");
        }

        return span.TotalSeconds < 60 ? Unit(span.TotalSeconds, "second")
            : span.TotalMinutes < 60 ? Unit(span.TotalMinutes, "minute")
            : span.TotalHours < 48 ? Unit(span.TotalHours, "hour")
            : span.TotalDays < 14 ? Unit(span.TotalDays, "day")
            : span.TotalDays < 60 ? Unit(span.TotalDays / 7, "week")
            : Unit(span.TotalDays / 30, "month");
    }
}
