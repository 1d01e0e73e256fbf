using System.Globalization;
using Portal.Engine.Common;

namespace Portal.Engine.Disk;

/// <summary>Byte counts and quotas in the words of the engine's messages (binary units, as <c>docker system df</c>).</summary>
public static class DiskBytes
{
    public const long BytesPerGiB = 1024L * 1024 * 1024;

    /// <summary>"812 B", "5.0 MiB", "52.1 GiB".</summary>
    public static string Format(long bytes) => ByteUnits.Format(bytes, alwaysOneDecimal: true);

    /// <summary>A quota as configured: "50 GiB", "0.5 GiB".</summary>
    public static string FormatGiB(double gib) => string.Create(CultureInfo.InvariantCulture, $"{gib:0.###} GiB");

    public static long FromGiB(double gib) => (long)Math.Round(gib * BytesPerGiB);
}
