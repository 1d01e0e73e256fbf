using System.Globalization;
using Portal.Engine.Common;

namespace Portal.Engine.Cleanup;

/// <summary>The words cleanup puts in reasons, audit records and summaries.</summary>
internal static class CleanupText
{
    private static readonly string[] Units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];

    /// <summary>Binary units, as <c>docker system df</c> shows them.</summary>
    public static string Bytes(long bytes)
    {
        double value = bytes;
        var unit = 0;
        while (Math.Abs(value) >= 1024 && unit < Units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes} B")
            : string.Create(CultureInfo.InvariantCulture, $"{value:0.#} {Units[unit]}");
    }

    public static string Ago(DateTimeOffset since, DateTimeOffset now) =>
        now - since < TimeSpan.FromSeconds(1) ? "just now" : Durations.Humanize(now - since).ToLowerInvariant() + " ago";

    public static string Days(int days) => days == 1 ? "1 day" : string.Create(CultureInfo.InvariantCulture, $"{days} days");
}
