using System.Globalization;

namespace Portal.Engine.Common;

/// <summary>Byte counts in binary units, as <c>docker system df</c> shows them: "812 B", "5.1 MiB", "4 GiB".</summary>
public static class ByteUnits
{
    private static readonly string[] Units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];

    /// <param name="alwaysOneDecimal">"5.0 MiB" rather than "5 MiB": for messages that line figures up.</param>
    public static string Format(long bytes, bool alwaysOneDecimal = false)
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
            : value.ToString(alwaysOneDecimal ? "0.0" : "0.#", CultureInfo.InvariantCulture) + " " + Units[unit];
    }
}
