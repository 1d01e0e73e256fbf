namespace Portal.Engine.Audit;

/// <summary>How an audited action ended.</summary>
public static class AuditOutcome
{
    public const string Succeeded = "succeeded";

    /// <summary>The portal said no: policy, quota, ownership or validation.</summary>
    public const string Refused = "refused";

    /// <summary>It was allowed but did not work (the engine failed).</summary>
    public const string Failed = "failed";

    /// <summary>Whoever started it gave up while the engine worked (closed the page, pressed Cancel).</summary>
    public const string Cancelled = "cancelled";
}
