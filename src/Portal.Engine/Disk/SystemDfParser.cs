using System.Text.Json;

namespace Portal.Engine.Disk;

/// <summary>
/// Reads the engine's <c>GET /system/df</c> answer. Engines to API 1.51 (Docker 28) answer with top-level
/// <c>Images</c>, <c>Containers</c>, <c>Volumes</c>, <c>BuildCache</c> and <c>LayersSize</c>; API 1.52 moved them to
/// <c>ImageUsage.Items</c>, ... with totals. Both are read; missing members are empty, never errors. Pure.
/// </summary>
public static class SystemDfParser
{
    /// <summary><see cref="DateTimeOffset.MaxValue"/> in Unix seconds: later ones would throw.</summary>
    private const long MaxUnixSeconds = 253_402_300_799;

    public static EngineDiskUsage Parse(JsonElement root)
    {
        var images = Items(root, "Images", "ImageUsage").Select(ParseImage).ToList();
        var containers = Items(root, "Containers", "ContainerUsage").Select(ParseContainer).ToList();
        var volumes = Items(root, "Volumes", "VolumeUsage").Select(ParseVolume).ToList();
        var buildCache = Items(root, "BuildCache", "BuildCacheUsage").Select(ParseBuildCache).ToList();
        long? layersSize = Int64(root, "LayersSize") is { } layers and > 0
            ? layers
            : root.TryGetProperty("ImageUsage", out var usage) && usage.ValueKind == JsonValueKind.Object ? Int64(usage, "TotalSize") : null;
        return new EngineDiskUsage(images, containers, volumes, buildCache, layersSize);
    }

    private static IEnumerable<JsonElement> Items(JsonElement root, string oldName, string newName)
    {
        if (root.TryGetProperty(oldName, out var list) && list.ValueKind == JsonValueKind.Array)
        {
            return list.EnumerateArray();
        }

        return root.TryGetProperty(newName, out var usage) && usage.ValueKind == JsonValueKind.Object
            && usage.TryGetProperty("Items", out var items) && items.ValueKind == JsonValueKind.Array
            ? items.EnumerateArray()
            : [];
    }

    private static EngineImageUsage ParseImage(JsonElement image) => new(
        String(image, "Id") ?? string.Empty,
        Strings(image, "RepoTags").Where(t => t != "<none>:<none>").ToList(),
        Int64(image, "Size") ?? -1,
        Int64(image, "SharedSize") ?? -1,
        Int64(image, "Containers") ?? -1)
    {
        CreatedAt = UnixTime(image, "Created"),
    };

    private static EngineContainerUsage ParseContainer(JsonElement container)
    {
        var id = String(container, "Id") ?? string.Empty;
        var name = Strings(container, "Names").FirstOrDefault()?.TrimStart('/') ?? (id.Length > 12 ? id[..12] : id);
        return new EngineContainerUsage(
            id,
            name,
            String(container, "ImageID") ?? string.Empty,
            String(container, "State") ?? "unknown",
            Int64(container, "SizeRw") ?? -1,
            Labels(container))
        {
            CreatedAt = UnixTime(container, "Created"),
            VolumeNames = VolumeNames(container),
        };
    }

    private static List<string> VolumeNames(JsonElement container) =>
        container.TryGetProperty("Mounts", out var mounts) && mounts.ValueKind == JsonValueKind.Array
            ? mounts.EnumerateArray()
                .Where(m => m.ValueKind == JsonValueKind.Object && String(m, "Type") == "volume" && String(m, "Name") is { Length: > 0 })
                .Select(m => String(m, "Name")!)
                .ToList()
            : [];

    private static EngineVolumeUsage ParseVolume(JsonElement volume)
    {
        long size = -1;
        long refCount = -1;
        if (volume.TryGetProperty("UsageData", out var usage) && usage.ValueKind == JsonValueKind.Object)
        {
            size = Int64(usage, "Size") ?? -1;
            refCount = Int64(usage, "RefCount") ?? -1;
        }

        return new EngineVolumeUsage(String(volume, "Name") ?? string.Empty, Labels(volume), size, refCount);
    }

    private static EngineBuildCacheUsage ParseBuildCache(JsonElement record) => new(
        String(record, "ID") ?? String(record, "Id") ?? string.Empty,
        String(record, "Description"),
        Int64(record, "Size") ?? 0,
        Boolean(record, "InUse"),
        Boolean(record, "Shared"));

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long? Int64(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number : null;

    // The engine gives creation times in these lists as Unix seconds.
    private static DateTimeOffset UnixTime(JsonElement element, string name) =>
        Int64(element, name) is { } seconds and >= 0 and <= MaxUnixSeconds ? DateTimeOffset.FromUnixTimeSeconds(seconds) : DateTimeOffset.MinValue;

    private static bool Boolean(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    private static IEnumerable<string> Strings(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)
            : [];

    private static Dictionary<string, string> Labels(JsonElement element)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (element.TryGetProperty("Labels", out var value) && value.ValueKind == JsonValueKind.Object)
        {
            foreach (var label in value.EnumerateObject())
            {
                if (label.Value.ValueKind == JsonValueKind.String)
                {
                    labels[label.Name] = label.Value.GetString()!;
                }
            }
        }

        return labels;
    }
}
