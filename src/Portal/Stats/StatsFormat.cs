using System.Globalization;
using Portal.Components.Shared;

namespace Portal.Stats;

/// <summary>How live figures read on the pages: <c>42.5%</c>, <c>1.2 MiB/s</c>, <c>—</c> for "not known yet".</summary>
public static class StatsFormat
{
    public const string Unknown = "—";

    public static string Percent(double? percent) =>
        percent is { } value ? value.ToString(value < 10 ? "0.0" : "0", CultureInfo.InvariantCulture) + "%" : Unknown;

    public static string Rate(double? bytesPerSecond) =>
        bytesPerSecond is { } value ? ByteSize.Format((long)Math.Round(value)) + "/s" : Unknown;

    public static string MiB(long? mib) => mib is { } value ? ByteSize.Format(value * 1024 * 1024) : Unknown;
}
