namespace Portal.Engine.Disk;

/// <summary>One BuildKit cache record of <c>/system/df</c> (the classic builder keeps its cache as images instead).</summary>
public sealed record EngineBuildCacheUsage(string Id, string? Description, long Size, bool InUse, bool Shared);
