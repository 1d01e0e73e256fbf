using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Portal.Data;

namespace Portal.Health;

/// <summary>Opens the SQLite database and runs a query.</summary>
internal sealed class DatabaseHealthCheck(IDbContextFactory<PortalDbContext> dbFactory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var users = await db.Users.CountAsync(cancellationToken);
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Count();
            return pending == 0
                ? HealthCheckResult.Healthy($"SQLite with {users} users", new Dictionary<string, object> { ["users"] = users })
                : HealthCheckResult.Degraded($"{pending} migrations are not applied yet.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The database cannot be read: " + ex.GetBaseException().Message);
        }
    }
}
