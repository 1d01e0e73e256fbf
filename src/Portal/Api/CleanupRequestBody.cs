namespace Portal.Api;

/// <summary>
/// The body of <c>POST /api/v1/disk/cleanup</c>. <c>dryRun</c> defaults to true (a preview); a real run names the
/// <c>items</c> (ids from the preview) it may remove. <c>scope</c> is <c>mine</c> (default) or <c>all</c> (admins).
/// </summary>
public sealed record CleanupRequestBody(bool? DryRun, IReadOnlyList<string>? Targets, int? OlderThanDays, string? Scope, IReadOnlyList<string>? Items);
