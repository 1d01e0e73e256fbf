using System.Globalization;

namespace Portal.Engine.Disk;

/// <summary>Byte counts and quotas in the words of the engine's messages (binary units, as <c>docker system df</c>).</summary>
public static class DiskBytes
{
    public const long BytesPerGiB = 1024L * 1024 * 1024;

    private static readonly string[] Units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];

    /// <summary>"812 B", "5.0 MiB", "52.1 GiB".</summary>
    public static string Format(long bytes)
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
            : string.Create(CultureInfo.InvariantCulture, $"{value:0.0} {Units[unit]}");
    }

    /// <summary>A quota as configured: "50 GiB", "0.5 GiB".</summary>
    public static string FormatGiB(double gib) => string.Create(CultureInfo.InvariantCulture, $"{gib:0.###} GiB");

    public static long FromGiB(double gib) => (long)Math.Round(gib * BytesPerGiB);
}
