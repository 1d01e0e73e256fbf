using System.Text.Json;
using Portal.Engine.Containers;
using Portal.Engine.Docker;

namespace Portal.Engine.Cleanup;

/// <summary>
/// Reads <c>GET /system/df</c> (what <c>docker system df -v</c> shows) in either of the engine's shapes: the
/// classic lists of API 1.41 to 1.51, or the per-kind <c>...Usage.Items</c> of newer engines. Containers that are
/// not running are inspected for their stop time, which the list does not carry.
/// </summary>
internal sealed class CleanupInventoryReader(DockerRawHttp docker, IContainerOperations containers)
{
    /// <param name="inspectOwner">Inspect only this owner's stopped containers (null: every stopped portal container).</param>
    public async Task<CleanupInventory> ReadAsync(string? inspectOwner, CancellationToken cancellationToken)
    {
        CleanupInventory listed;
        using (var json = await docker.GetJsonAsync("system/df", cancellationToken).ConfigureAwait(false))
        {
            listed = Parse(json.RootElement);
        }

        var withStopTimes = new List<InventoryContainer>(listed.Containers.Count);
        foreach (var container in listed.Containers)
        {
            if (container is { IsStopped: true, IsManaged: true } && (inspectOwner is null || container.Owner == inspectOwner))
            {
                var details = await containers.InspectAsync(container.Id, cancellationToken).ConfigureAwait(false);
                if (details is null)
                {
                    continue; // Gone since the list was read.
                }

                withStopTimes.Add(container with { State = details.Summary.State, FinishedAt = details.FinishedAt });
            }
            else
            {
                withStopTimes.Add(container);
            }
        }

        return listed with { Containers = withStopTimes };
    }

    /// <summary>Reads a <c>/system/df</c> answer; containers carry no stop time yet.</summary>
    internal static CleanupInventory Parse(JsonElement root)
    {
        var containers = Items(root, "Containers", "ContainerUsage").Select(ReadContainer).ToList();
        var images = Items(root, "Images", "ImageUsage").Select(ReadImage).ToList();
        var volumes = Items(root, "Volumes", "VolumeUsage").Select(ReadVolume).ToList();
        var buildCache = Items(root, "BuildCache", "BuildCacheUsage")
            .Where(r => !Bool(r, "InUse") && !Bool(r, "Shared"))
            .Sum(r => Long(r, "Size"));
        return new CleanupInventory(containers, images, volumes, buildCache);
    }

    private static IEnumerable<JsonElement> Items(JsonElement root, string classic, string usage)
    {
        if (root.TryGetProperty(classic, out var list) && list.ValueKind == JsonValueKind.Array)
        {
            return list.EnumerateArray();
        }

        if (root.TryGetProperty(usage, out var kind) && kind.ValueKind == JsonValueKind.Object
            && kind.TryGetProperty("Items", out var items) && items.ValueKind == JsonValueKind.Array)
        {
            return items.EnumerateArray();
        }

        return [];
    }

    private static InventoryContainer ReadContainer(JsonElement c)
    {
        var names = Strings(c, "Names");
        var volumeNames = c.TryGetProperty("Mounts", out var mounts) && mounts.ValueKind == JsonValueKind.Array
            ? mounts.EnumerateArray()
                .Where(m => String(m, "Type") == "volume" && String(m, "Name") is { Length: > 0 })
                .Select(m => String(m, "Name")!)
                .ToList()
            : [];
        var id = String(c, "Id") ?? string.Empty;
        return new InventoryContainer(
            id,
            names.FirstOrDefault()?.TrimStart('/') ?? (id.Length > 12 ? id[..12] : id),
            String(c, "ImageID") ?? string.Empty,
            String(c, "State") ?? "unknown",
            UnixTime(c, "Created"),
            Math.Max(0, Long(c, "SizeRw")),
            Labels(c),
            volumeNames);
    }

    private static InventoryImage ReadImage(JsonElement i) => new(
        String(i, "Id") ?? string.Empty,
        Strings(i, "RepoTags").Where(t => t != "<none>:<none>").ToList(),
        UnixTime(i, "Created"),
        Long(i, "Size"),
        i.TryGetProperty("SharedSize", out _) ? Long(i, "SharedSize") : -1,
        i.TryGetProperty("Containers", out _) ? Long(i, "Containers") : -1);

    private static InventoryVolume ReadVolume(JsonElement v)
    {
        long size = -1, refCount = -1;
        if (v.TryGetProperty("UsageData", out var usage) && usage.ValueKind == JsonValueKind.Object)
        {
            size = Long(usage, "Size");
            refCount = Long(usage, "RefCount");
        }

        return new InventoryVolume(String(v, "Name") ?? string.Empty, Labels(v), size, refCount);
    }

    private static string? String(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long Long(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number : 0;

    private static bool Bool(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    private static List<string> Strings(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Where(s => s.ValueKind == JsonValueKind.String).Select(s => s.GetString()!).ToList()
            : [];

    private static Dictionary<string, string> Labels(JsonElement e) =>
        e.TryGetProperty("Labels", out var value) && value.ValueKind == JsonValueKind.Object
            ? value.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String).ToDictionary(p => p.Name, p => p.Value.GetString()!)
            : [];

    // The engine gives creation times as Unix seconds in these lists.
    private static DateTimeOffset UnixTime(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : DateTimeOffset.MinValue;
}
