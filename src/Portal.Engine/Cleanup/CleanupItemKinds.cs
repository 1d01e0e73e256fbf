namespace Portal.Engine.Cleanup;

/// <summary>What kind of thing a cleanup item is.</summary>
public static class CleanupItemKinds
{
    public const string Container = "container";
    public const string Image = "image";
    public const string Volume = "volume";
    public const string BuildCache = "build-cache";
}
