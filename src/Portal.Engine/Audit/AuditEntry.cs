namespace Portal.Engine.Audit;

/// <summary>One audited action as pages and the API show it.</summary>
public sealed record AuditEntry(long Id, DateTimeOffset At, string Actor, string Action, string Target, string Outcome, string? Detail);
