namespace Portal.Engine.Audit;

/// <summary>Filters for reading the audit log; every filter is optional. Newest first.</summary>
public sealed record AuditQuery
{
    public string? Actor { get; init; }

    /// <summary>An action name or a prefix ending in '.', such as <c>container.</c>.</summary>
    public string? Action { get; init; }

    public string? Target { get; init; }

    public string? Outcome { get; init; }

    public DateTimeOffset? Since { get; init; }

    public DateTimeOffset? Until { get; init; }

    public int Skip { get; init; }

    /// <summary>Defaults to 100; at most 1000.</summary>
    public int Take { get; init; } = 100;
}
