using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Portal.Data;

public static class PortalDataServiceCollectionExtensions
{
    /// <summary>
    /// Registers the SQLite database as a context factory (long-lived Blazor circuits create a short-lived
    /// context per operation) and as a scoped context for request-bound code such as Identity's stores.
    /// </summary>
    public static IServiceCollection AddPortalData(this IServiceCollection services, string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        services.AddDbContextFactory<PortalDbContext>(options => options.UseSqlite(connectionString));
        services.AddDbContext<PortalDbContext>(options => options.UseSqlite(connectionString), optionsLifetime: ServiceLifetime.Singleton);
        return services;
    }
}
