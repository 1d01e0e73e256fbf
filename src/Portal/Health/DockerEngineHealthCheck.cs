using Microsoft.Extensions.Diagnostics.HealthChecks;
using Portal.Engine.Engine;

namespace Portal.Health;

/// <summary>Asks the Docker engine now; reports its version and API version, or why it cannot be reached.</summary>
internal sealed class DockerEngineHealthCheck(IEngineStatusMonitor monitor) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = await monitor.CheckNowAsync(cancellationToken);
        if (!status.IsReachable)
        {
            return HealthCheckResult.Unhealthy(status.Error);
        }

        return HealthCheckResult.Healthy(
            $"Docker {status.Version} (API {status.ApiVersion})",
            new Dictionary<string, object>
            {
                ["version"] = status.Version ?? string.Empty,
                ["apiVersion"] = status.ApiVersion ?? string.Empty,
                ["containers"] = status.Containers,
                ["images"] = status.Images,
            });
    }
}
