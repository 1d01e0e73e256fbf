using System.Globalization;
using Cronos;

namespace Portal.Engine.Cleanup;

/// <summary>The schedule's cron expression (Cronos, five fields, UTC): checking it, its next runs, and a hint in words.</summary>
public static class CleanupCron
{
    private static readonly string[] DayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

    /// <summary>Parses and checks an expression; the error says what is wrong and how it should look.</summary>
    public static (CronExpression? Expression, string? Error) Parse(string? text, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, "Enter a cron expression: five fields, minute hour day-of-month month day-of-week, e.g. '0 3 * * *' for 03:00 UTC every day.");
        }

        CronExpression expression;
        try
        {
            expression = CronExpression.Parse(text.Trim(), CronFormat.Standard);
        }
        catch (CronFormatException ex)
        {
            return (null, $"'{text.Trim()}' is not a valid cron expression ({ex.Message.Replace("The given cron expression has an invalid format. ", string.Empty, StringComparison.Ordinal)}). "
                + "Use five fields: minute hour day-of-month month day-of-week, e.g. '0 3 * * *' for 03:00 UTC every day.");
        }

        return expression.GetNextOccurrence(now.UtcDateTime, inclusive: false) is null
            ? (null, $"'{text.Trim()}' never runs (no such date). Pick days that exist, e.g. '0 3 1 * *' for the first of every month.")
            : (expression, null);
    }

    /// <summary>The next <paramref name="count"/> runs after <paramref name="after"/>, in UTC.</summary>
    public static IReadOnlyList<DateTimeOffset> NextRuns(CronExpression expression, DateTimeOffset after, int count)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var runs = new List<DateTimeOffset>(count);
        var from = after.UtcDateTime;
        while (runs.Count < count && expression.GetNextOccurrence(from, inclusive: false) is { } next)
        {
            runs.Add(new DateTimeOffset(next, TimeSpan.Zero));
            from = next;
        }

        return runs;
    }

    /// <summary>The first run at or after <paramref name="from"/>, or null when there is none.</summary>
    public static DateTimeOffset? RunAtOrAfter(CronExpression expression, DateTimeOffset from)
    {
        ArgumentNullException.ThrowIfNull(expression);
        return expression.GetNextOccurrence(from.UtcDateTime, inclusive: true) is { } next ? new DateTimeOffset(next, TimeSpan.Zero) : null;
    }

    /// <summary>A hint in words for the common shapes ("every day at 03:00 UTC"); other expressions are told by their next runs.</summary>
    public static string Describe(string? text)
    {
        var fields = (text ?? string.Empty).Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length == 1)
        {
            return fields[0] switch
            {
                "@hourly" => "every hour, on the hour",
                "@daily" or "@midnight" => "every day at 00:00 UTC",
                "@weekly" => "every Sunday at 00:00 UTC",
                "@monthly" => "on the 1st of every month at 00:00 UTC",
                "@yearly" or "@annually" => "every 1 January at 00:00 UTC",
                _ => "a custom schedule: see its next runs",
            };
        }

        if (fields.Length != 5)
        {
            return "a custom schedule: see its next runs";
        }

        var (minute, hour, dayOfMonth, month, dayOfWeek) = (fields[0], fields[1], fields[2], fields[3], fields[4]);
        var isMinute = int.TryParse(minute, NumberStyles.None, CultureInfo.InvariantCulture, out var m) && m is >= 0 and < 60;
        var isHour = int.TryParse(hour, NumberStyles.None, CultureInfo.InvariantCulture, out var h) && h is >= 0 and < 24;
        if (minute.StartsWith("*/", StringComparison.Ordinal) && hour == "*" && dayOfMonth == "*" && month == "*" && dayOfWeek == "*")
        {
            return $"every {minute[2..]} minutes";
        }

        if (isMinute && hour == "*" && dayOfMonth == "*" && month == "*" && dayOfWeek == "*")
        {
            return string.Create(CultureInfo.InvariantCulture, $"every hour at minute {m}");
        }

        if (!isMinute || !isHour || month != "*")
        {
            return "a custom schedule: see its next runs";
        }

        var at = string.Create(CultureInfo.InvariantCulture, $"at {h:00}:{m:00} UTC");
        if (dayOfMonth == "*" && dayOfWeek == "*")
        {
            return $"every day {at}";
        }

        if (dayOfMonth == "*" && Days(dayOfWeek) is { } days)
        {
            return $"every {days} {at}";
        }

        if (dayOfWeek == "*" && int.TryParse(dayOfMonth, NumberStyles.None, CultureInfo.InvariantCulture, out var d) && d is >= 1 and <= 31)
        {
            return string.Create(CultureInfo.InvariantCulture, $"on day {d} of every month {at}");
        }

        return "a custom schedule: see its next runs";
    }

    private static string? Days(string field)
    {
        var names = new List<string>();
        foreach (var part in field.Split(','))
        {
            if (int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var day) && day is >= 0 and <= 7)
            {
                names.Add(DayNames[day % 7]);
            }
            else if (part == "1-5" || part.Equals("MON-FRI", StringComparison.OrdinalIgnoreCase))
            {
                names.Add("weekday");
            }
            else if (DayNames.FirstOrDefault(n => n.StartsWith(part, StringComparison.OrdinalIgnoreCase) && part.Length == 3) is { } named)
            {
                names.Add(named);
            }
            else
            {
                return null;
            }
        }

        return string.Join(" and ", names);
    }
}
