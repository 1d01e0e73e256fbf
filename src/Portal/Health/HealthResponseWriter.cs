using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Portal.Health;

/// <summary>Writes <c>/healthz</c> as JSON: overall status and each check's status, description and data.</summary>
internal static class HealthResponseWriter
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            totalDurationMs = Math.Round(report.TotalDuration.TotalMilliseconds, 1),
            checks = report.Entries.ToDictionary(
                entry => entry.Key,
                entry => new
                {
                    status = entry.Value.Status.ToString(),
                    description = entry.Value.Description,
                    data = entry.Value.Data,
                }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, Options));
    }
}
