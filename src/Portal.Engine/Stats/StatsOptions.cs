namespace Portal.Engine.Stats;

/// <summary>
/// Live container statistics, bound from the <c>Stats</c> section. The history is a bound on server memory per
/// followed container (one sample a second), and the linger keeps a stream open across a page reload.
/// </summary>
public sealed class StatsOptions
{
    public const string SectionName = "Stats";

    /// <summary>Minutes of samples kept per followed container, so a page opened late shows them at once. Defaults to 5.</summary>
    public int HistoryMinutes { get; set; } = 5;

    /// <summary>
    /// How long a container's Docker stats stream stays open after its last watcher left, in seconds; 0 closes it at
    /// once. A reload or a script polling the API then finds the history still there. Defaults to 30.
    /// </summary>
    public double LingerSeconds { get; set; } = 30;

    /// <summary>How often the free space of the Docker and workspace disks is read, in seconds. Defaults to 10.</summary>
    public int DiskRefreshSeconds { get; set; } = 10;

    public TimeSpan History => TimeSpan.FromMinutes(HistoryMinutes);

    public TimeSpan Linger => TimeSpan.FromSeconds(LingerSeconds);

    public TimeSpan DiskRefresh => TimeSpan.FromSeconds(DiskRefreshSeconds);
}
