namespace Portal.Api;

/// <summary>
/// A user's quota: the limits in force, the defaults they fall back to, and the admin's override (null when there
/// is none), so a script sees both what applies and why.
/// </summary>
public sealed record QuotaResponse(string UserName, QuotaLimitsResponse Effective, QuotaLimitsResponse Defaults, QuotaOverrideBody? Override);
