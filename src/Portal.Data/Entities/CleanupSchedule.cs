namespace Portal.Data.Entities;

/// <summary>The admin's scheduled cleanup: one row (<see cref="SingletonId"/>).</summary>
public sealed class CleanupSchedule
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;

    public bool Enabled { get; set; }

    /// <summary>A five-field cron expression (Cronos), evaluated in UTC.</summary>
    public required string Cron { get; set; }

    /// <summary>The cleanup targets, comma-separated (engine names, e.g. <c>stopped-containers,dangling-images</c>).</summary>
    public required string Targets { get; set; }

    public int OlderThanDays { get; set; }

    /// <summary>How many days ahead owners are told what a run will remove.</summary>
    public int NoticeDays { get; set; }

    public DateTimeOffset? LastRunAt { get; set; }

    public string? LastRunSummary { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public string? UpdatedBy { get; set; }
}
