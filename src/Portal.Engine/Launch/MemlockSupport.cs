using System.Globalization;

namespace Portal.Engine.Launch;

/// <summary>
/// Whether containers can get an unlimited memlock limit. Raising it needs CAP_SYS_RESOURCE, which a normal host
/// has and some sandboxed engines lack (there Docker fails every start with "error setting rlimit type 8").
/// </summary>
public static class MemlockSupport
{
    private const int CapSysResource = 24;

    /// <summary>The configured choice, or, when unset, whether this host's capability bounding set allows it.</summary>
    public static bool Resolve(bool? configured, string procStatusPath = "/proc/self/status")
    {
        if (configured is { } value)
        {
            return value;
        }

        try
        {
            var line = File.ReadLines(procStatusPath).FirstOrDefault(l => l.StartsWith("CapBnd:", StringComparison.Ordinal));
            return line is null || HasCapability(line["CapBnd:".Length..].Trim(), CapSysResource);
        }
        catch (IOException)
        {
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return true;
        }
    }

    /// <summary>Reads a capability bit from the hexadecimal mask in <c>/proc/*/status</c>.</summary>
    public static bool HasCapability(string hexMask, int capability) =>
        ulong.TryParse(hexMask, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var mask) && (mask & (1UL << capability)) != 0;
}
