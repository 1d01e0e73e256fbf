using System.Globalization;
using System.Text.RegularExpressions;

namespace Portal.Engine.Gpus;

/// <summary>
/// Reads <c>nvidia-smi -L</c>, the only nvidia-smi output that names MIG devices by UUID and profile, and merges
/// that into a snapshot parsed from <c>-q -x</c>. Pure, so it is tested against real captures.
/// </summary>
public static partial class NvidiaSmiListParser
{
    /// <summary>Parses every GPU line and the MIG lines under it; lines of any other shape are skipped.</summary>
    public static IReadOnlyList<ListedGpu> Parse(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var gpus = new List<ListedGpu>();
        List<ListedMigDevice>? migDevices = null;
        foreach (var line in output.Split('\n'))
        {
            if (GpuLine().Match(line) is { Success: true } gpu)
            {
                migDevices = [];
                gpus.Add(new ListedGpu(
                    int.Parse(gpu.Groups["index"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture),
                    gpu.Groups["name"].Value,
                    gpu.Groups["uuid"].Success ? gpu.Groups["uuid"].Value : null,
                    migDevices));
            }
            else if (migDevices is not null && MigLine().Match(line) is { Success: true } mig)
            {
                migDevices.Add(new ListedMigDevice(
                    int.Parse(mig.Groups["index"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture),
                    mig.Groups["profile"].Value,
                    mig.Groups["uuid"].Value));
            }
        }

        return gpus;
    }

    /// <summary>
    /// Returns <paramref name="snapshot"/> with the UUID and profile of each MIG device that <paramref name="listed"/>
    /// names. GPUs are matched by index (both outputs use nvidia-smi's enumeration order), MIG devices by their index
    /// within the GPU. A GPU whose UUID differs between the two outputs is left alone: the GPUs changed between the
    /// two calls, and a wrong MIG UUID would hand a container someone else's slice.
    /// </summary>
    public static GpuSnapshot AttachMigDetails(GpuSnapshot snapshot, IReadOnlyList<ListedGpu> listed)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(listed);
        var gpus = snapshot.Gpus.Select(gpu =>
        {
            var match = listed.FirstOrDefault(l => l.Index == gpu.Index);
            if (match is null || gpu.MigDevices.Count == 0 ||
                (gpu.Uuid is not null && match.Uuid is not null && !string.Equals(gpu.Uuid, match.Uuid, StringComparison.OrdinalIgnoreCase)))
            {
                return gpu;
            }

            var migDevices = gpu.MigDevices.Select(device =>
                match.MigDevices.FirstOrDefault(m => m.Index == device.Index) is { } named
                    ? device with { Uuid = named.Uuid, Profile = named.Profile }
                    : device).ToList();
            return gpu with { MigDevices = migDevices };
        }).ToList();
        return snapshot with { Gpus = gpus };
    }

    // "GPU 0: NVIDIA H100 80GB HBM3 (UUID: GPU-...)"
    [GeneratedRegex(@"^GPU\s+(?<index>\d+):\s*(?<name>.*?)\s*(?:\(UUID:\s*(?<uuid>[^)\s]+)\))?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex GpuLine();

    // "  MIG 3g.40gb     Device  0: (UUID: MIG-...)"; drivers before R470 wrote "MIG-GPU-<uuid>/<gi>/<ci>" as the UUID.
    [GeneratedRegex(@"^\s+MIG\s+(?<profile>\S+)\s+Device\s+(?<index>\d+):\s*\(UUID:\s*(?<uuid>[^)\s]+)\)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex MigLine();
}
