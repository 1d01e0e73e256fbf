namespace Portal.Engine.Cleanup;

/// <summary>A volume as <c>/system/df</c> lists it: its labels, its size and how many containers mount it (-1 when the engine did not count).</summary>
internal sealed record InventoryVolume(string Name, IReadOnlyDictionary<string, string> Labels, long Size, long RefCount)
{
    public string? Owner => Labels.GetValueOrDefault(Containers.PortalLabels.Owner);
}
