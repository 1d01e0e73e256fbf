namespace Portal.Engine.Cleanup;

/// <summary>A dry run: exactly the items a cleanup would remove now, their bytes, and the docker commands that come closest.</summary>
public sealed record CleanupPlan(
    CleanupRequest Request,
    DateTimeOffset PlannedAt,
    IReadOnlyList<CleanupItem> Items,
    IReadOnlyList<string> DockerCommands)
{
    public long TotalBytes => Items.Sum(i => i.Bytes);
}
