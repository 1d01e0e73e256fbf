namespace Portal.Engine.Audit;

/// <summary>Records who did what to which target, and how it ended. Every mutating action writes one record.</summary>
public interface IAuditLog
{
    Task WriteAsync(string actor, string action, string target, string outcome, string? detail, CancellationToken cancellationToken);

    Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken);
}
