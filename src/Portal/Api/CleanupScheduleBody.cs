namespace Portal.Api;

/// <summary>The body of <c>PUT /api/v1/disk/cleanup/schedule</c>; members left out keep their current value.</summary>
public sealed record CleanupScheduleBody(bool? Enabled, string? Cron, IReadOnlyList<string>? Targets, int? OlderThanDays, int? NoticeDays);
