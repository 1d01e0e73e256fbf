namespace Portal.Engine.Disk;

/// <summary>One volume of <c>/system/df</c>.</summary>
/// <param name="Size">Its data; -1 where the engine could not measure it (volumes of other drivers).</param>
/// <param name="RefCount">Containers that mount it, running or not.</param>
public sealed record EngineVolumeUsage(string Name, IReadOnlyDictionary<string, string> Labels, long Size, long RefCount);
