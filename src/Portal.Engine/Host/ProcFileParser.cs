using System.Globalization;

namespace Portal.Engine.Host;

/// <summary>Parses the Linux <c>/proc</c> files the host monitor reads. Pure functions, so they are unit-tested.</summary>
public static class ProcFileParser
{
    /// <summary>Reads <c>MemTotal</c> and <c>MemAvailable</c> (kB in the file) as bytes.</summary>
    public static (long? TotalBytes, long? AvailableBytes) ParseMemInfo(string content)
    {
        long? total = null;
        long? available = null;
        foreach (var line in content.AsSpan().EnumerateLines())
        {
            if (line.StartsWith("MemTotal:"))
            {
                total = ParseKiloBytes(line["MemTotal:".Length..]);
            }
            else if (line.StartsWith("MemAvailable:"))
            {
                available = ParseKiloBytes(line["MemAvailable:".Length..]);
            }
        }

        return (total, available);
    }

    /// <summary>Reads the aggregate <c>cpu</c> line of <c>/proc/stat</c> as (busy, total) jiffies.</summary>
    public static CpuTimes? ParseCpuTimes(string content)
    {
        foreach (var line in content.AsSpan().EnumerateLines())
        {
            if (!line.StartsWith("cpu "))
            {
                continue;
            }

            long total = 0;
            long idle = 0;
            var index = 0;
            foreach (var range in line[4..].Split(' '))
            {
                var field = line[4..][range];
                if (field.IsEmpty || !long.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
                {
                    continue;
                }

                // Fields: user nice system idle iowait irq softirq steal guest guest_nice; guest time is already in user.
                if (index < 8)
                {
                    total += value;
                    if (index is 3 or 4)
                    {
                        idle += value;
                    }
                }

                index++;
            }

            return index >= 4 ? new CpuTimes(total - idle, total) : null;
        }

        return null;
    }

    /// <summary>Busy percentage between two samples, or null when no time passed.</summary>
    public static double? CpuUsagePercent(CpuTimes previous, CpuTimes current)
    {
        var total = current.Total - previous.Total;
        return total <= 0 ? null : Math.Clamp(100.0 * (current.Busy - previous.Busy) / total, 0, 100);
    }

    public static double? ParseLoadAverage(string content)
    {
        var first = content.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out var load) ? load : null;
    }

    public static TimeSpan? ParseUptime(string content)
    {
        var first = content.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) ? TimeSpan.FromSeconds(seconds) : null;
    }

    private static long? ParseKiloBytes(ReadOnlySpan<char> value)
    {
        value = value.Trim();
        if (value.EndsWith("kB"))
        {
            value = value[..^2].Trim();
        }

        return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var kiloBytes) ? kiloBytes * 1024 : null;
    }
}

/// <summary>Cumulative CPU time in jiffies.</summary>
public readonly record struct CpuTimes(long Busy, long Total);
