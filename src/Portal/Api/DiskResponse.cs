namespace Portal.Api;

/// <summary>
/// The body of <c>GET /api/v1/disk</c>: the caller's usage against their quota from the last background pass, with its
/// age and whether a pass runs now, and for admins the whole system.
/// </summary>
/// <param name="MeasuredAt">When the figures were measured; null before the first pass finished.</param>
/// <param name="AgeSeconds">How old they are.</param>
/// <param name="Refreshing">A pass runs (or is about to): newer figures are coming.</param>
/// <param name="LastPassDurationMs">How long the pass behind these figures took.</param>
/// <param name="Error">Why the last pass failed; the figures are then from the pass before.</param>
/// <param name="System">Admins only (null for members, or with <c>?scope=mine</c>).</param>
public sealed record DiskResponse(
    string UserName,
    DateTimeOffset? MeasuredAt,
    double? AgeSeconds,
    bool Refreshing,
    DateTimeOffset? RefreshStartedAt,
    double? LastPassDurationMs,
    long CompletedPasses,
    string? Error,
    DiskUsageResponse Usage,
    DiskQuotaResponse Quota,
    IReadOnlyList<DiskItemResponse> Largest,
    DiskSystemResponse? System);
