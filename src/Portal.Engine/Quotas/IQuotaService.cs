namespace Portal.Engine.Quotas;

/// <summary>Per-user limits: defaults from configuration, overrides from admins.</summary>
public interface IQuotaService
{
    QuotaLimits Defaults { get; }

    Task<QuotaLimits> GetLimitsAsync(string userName, CancellationToken cancellationToken);

    Task<QuotaOverride?> GetOverrideAsync(string userName, CancellationToken cancellationToken);

    /// <summary>Sets (or, with every member null, clears) a user's override, audited as <c>quota.update</c> by <paramref name="changedBy"/>. Returns the errors, empty on success.</summary>
    Task<IReadOnlyDictionary<string, string[]>> SetOverrideAsync(string userName, QuotaOverride value, string changedBy, CancellationToken cancellationToken);
}
