using System.Globalization;
using Portal.Engine.Common;

namespace Portal.Engine.Cleanup;

/// <summary>The words cleanup puts in reasons, audit records and summaries.</summary>
internal static class CleanupText
{
    public static string Bytes(long bytes) => ByteUnits.Format(bytes);

    public static string Ago(DateTimeOffset since, DateTimeOffset now) =>
        now - since < TimeSpan.FromSeconds(1) ? "just now" : Durations.Humanize(now - since).ToLowerInvariant() + " ago";

    public static string Days(int days) => days == 1 ? "1 day" : string.Create(CultureInfo.InvariantCulture, $"{days} days");
}
