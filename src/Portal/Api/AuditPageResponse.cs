using Portal.Engine.Audit;

namespace Portal.Api;

/// <summary>One page of <c>GET /api/v1/audit</c>, newest first, and how many entries match in all (for paging).</summary>
public sealed record AuditPageResponse(int Total, IReadOnlyList<AuditEntry> Entries);
