using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Portal.Engine.Gpus;

/// <summary>
/// Reads the document <c>nvidia-smi -q -x</c> prints, from driver 418 (no DOCTYPE) to the v13 schema of driver 590+.
/// Pure, so it is tested against real captures. A value the driver cannot give (<c>N/A</c>, <c>[Not Supported]</c>,
/// <c>REDACTED</c>, a missing element) becomes null: a board that hides one reading must still be listed.
/// </summary>
public static class NvidiaSmiXmlParser
{
    private const string RootElement = "nvidia_smi_log";

    // What drivers write instead of a value. Bracketed forms ([N/A], [Not Supported], [REDACTED], ...) are caught generally.
    private static readonly string[] Placeholders =
    [
        "N/A",
        "Not Supported",
        "Unknown Error",
        "Insufficient Permissions",
        "REDACTED",
        "Requested functionality has been deprecated",
    ];

    /// <summary>Parses a whole <c>nvidia-smi -q -x</c> document.</summary>
    /// <param name="xml">The document text.</param>
    /// <param name="readAt">When the document was read; becomes <see cref="GpuSnapshot.ReadAt"/>.</param>
    /// <exception cref="FormatException">The text is not XML, or its root is not <c>nvidia_smi_log</c>.</exception>
    public static GpuSnapshot Parse(string xml, DateTimeOffset readAt)
    {
        ArgumentNullException.ThrowIfNull(xml);
        var root = Load(xml);
        var gpus = root.Elements("gpu").Select(ParseGpu).ToList();
        return new GpuSnapshot
        {
            Gpus = gpus,
            DriverVersion = Text(root, "driver_version"),
            CudaVersion = Text(root, "cuda_version"),
            ReadAt = readAt,
        };
    }

    private static XElement Load(string xml)
    {
        // The DOCTYPE names nvsmi_device_vNN.dtd, which is never shipped next to the output: never fetch or process it.
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Ignore,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            IgnoreWhitespace = true,
        };
        try
        {
            using var text = new StringReader(xml);
            using var reader = XmlReader.Create(text, settings);
            var document = XDocument.Load(reader);
            if (document.Root is not { } root || root.Name.LocalName != RootElement)
            {
                throw new FormatException($"The document's root element is <{document.Root?.Name.LocalName}>, not <{RootElement}>.");
            }

            return root;
        }
        catch (XmlException ex)
        {
            throw new FormatException($"The output is not well-formed XML: {ex.Message}", ex);
        }
    }

    private static GpuDevice ParseGpu(XElement gpu, int index)
    {
        var memory = gpu.Element("fb_memory_usage");
        var utilization = gpu.Element("utilization");
        return new GpuDevice
        {
            Index = index,
            MinorNumber = Integer(Text(gpu, "minor_number")),
            Uuid = Text(gpu, "uuid"),
            Name = Text(gpu, "product_name"),
            PciBusId = Text(gpu.Element("pci"), "pci_bus_id") ?? Clean(gpu.Attribute("id")?.Value),
            MemoryTotalMiB = Quantity(Text(memory, "total"), "MiB"),
            MemoryUsedMiB = Quantity(Text(memory, "used"), "MiB"),
            MemoryFreeMiB = Quantity(Text(memory, "free"), "MiB"),
            UtilizationGpuPercent = Integer(Text(utilization, "gpu_util"), "%"),
            UtilizationMemoryPercent = Integer(Text(utilization, "memory_util"), "%"),
            TemperatureCelsius = Integer(Text(gpu.Element("temperature"), "gpu_temp"), "C"),
            PowerDrawWatts = PowerReading(gpu, "power_draw", "average_power_draw", "instant_power_draw"),
            PowerLimitWatts = PowerReading(gpu, "current_power_limit", "enforced_power_limit", "power_limit"),
            MigMode = ParseMigMode(Text(gpu.Element("mig_mode"), "current_mig")),
            MigDevices = gpu.Element("mig_devices")?.Elements("mig_device").Select(ParseMigDevice).ToList() ?? [],
            Processes = gpu.Element("processes")?.Elements("process_info").Select(ParseProcess).ToList() ?? [],
        };
    }

    /// <summary>
    /// Driver 535 renamed <c>&lt;power_readings&gt;</c> to <c>&lt;gpu_power_readings&gt;</c> (and 525 v12 documents still use
    /// the old name); the v13 schema replaced <c>power_draw</c> with <c>average_power_draw</c>/<c>instant_power_draw</c>.
    /// Takes the first element, in order of preference, that holds a number.
    /// </summary>
    private static double? PowerReading(XElement gpu, params ReadOnlySpan<string> names)
    {
        XElement?[] sections = [gpu.Element("gpu_power_readings"), gpu.Element("power_readings")];
        foreach (var name in names)
        {
            foreach (var section in sections)
            {
                if (Fractional(Text(section, name), "W") is { } watts)
                {
                    return watts;
                }
            }
        }

        return null;
    }

    private static MigDevice ParseMigDevice(XElement device, int position)
    {
        var memory = device.Element("fb_memory_usage");
        return new MigDevice
        {
            Index = Integer(Text(device, "index")) ?? position,
            GpuInstanceId = Integer(Text(device, "gpu_instance_id")),
            ComputeInstanceId = Integer(Text(device, "compute_instance_id")),
            MultiprocessorCount = Integer(Text(device.Element("device_attributes")?.Element("shared"), "multiprocessor_count")),
            MemoryTotalMiB = Quantity(Text(memory, "total"), "MiB"),
            MemoryUsedMiB = Quantity(Text(memory, "used"), "MiB"),
            MemoryFreeMiB = Quantity(Text(memory, "free"), "MiB"),
        };
    }

    private static GpuProcess ParseProcess(XElement process) => new()
    {
        Pid = Integer(Text(process, "pid")),
        Type = Text(process, "type"),
        Name = Text(process, "process_name"),
        UsedMemoryMiB = Quantity(Text(process, "used_memory"), "MiB"),
        GpuInstanceId = Integer(Text(process, "gpu_instance_id")),
        ComputeInstanceId = Integer(Text(process, "compute_instance_id")),
    };

    private static MigMode? ParseMigMode(string? value) => value switch
    {
        _ when string.Equals(value, "Enabled", StringComparison.OrdinalIgnoreCase) => MigMode.Enabled,
        _ when string.Equals(value, "Disabled", StringComparison.OrdinalIgnoreCase) => MigMode.Disabled,
        _ => null,
    };

    private static string? Text(XElement? parent, string name) => Clean(parent?.Element(name)?.Value);

    private static string? Clean(string? value)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed) || (trimmed[0] == '[' && trimmed[^1] == ']'))
        {
            return null;
        }

        return Placeholders.Contains(trimmed, StringComparer.OrdinalIgnoreCase) ? null : trimmed;
    }

    /// <summary>Splits "19968 MiB" into its number and unit; null when the unit is not the one expected.</summary>
    private static string? Number(string? value, string? unit)
    {
        if (value is null)
        {
            return null;
        }

        var space = value.IndexOf(' ', StringComparison.Ordinal);
        if (space < 0)
        {
            return value;
        }

        var suffix = value[(space + 1)..].Trim();
        return unit is not null && string.Equals(suffix, unit, StringComparison.Ordinal) ? value[..space] : null;
    }

    private static int? Integer(string? value, string? unit = null) =>
        int.TryParse(Number(value, unit), NumberStyles.Integer, CultureInfo.InvariantCulture, out var result) ? result : null;

    private static long? Quantity(string? value, string unit) =>
        long.TryParse(Number(value, unit), NumberStyles.Integer, CultureInfo.InvariantCulture, out var result) ? result : null;

    private static double? Fractional(string? value, string unit) =>
        double.TryParse(Number(value, unit), NumberStyles.Float, CultureInfo.InvariantCulture, out var result) ? result : null;
}
