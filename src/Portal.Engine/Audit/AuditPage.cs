namespace Portal.Engine.Audit;

/// <summary>A page of audit entries and how many match in all.</summary>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, int Total);
