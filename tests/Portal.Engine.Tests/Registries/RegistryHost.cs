using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Portal.Data;
using Portal.Engine.Audit;
using Portal.Engine.Registries;

namespace Portal.Engine.Tests.Registries;

/// <summary>
/// The engine's registry services as the portal registers them (<c>AddPortalData</c>, <c>AddPortalEngine</c>) over a
/// migrated SQLite file in a temp folder, with only the lab-registry seeder started: browsing needs no Docker watchers.
/// </summary>
internal sealed class RegistryHost : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly string _folder;

    private RegistryHost(ServiceProvider provider, string folder)
    {
        _provider = provider;
        _folder = folder;
    }

    public IRegistryBrowser Browser => _provider.GetRequiredService<IRegistryBrowser>();

    public IRegistryAdministration Administration => _provider.GetRequiredService<IRegistryAdministration>();

    public IRegistryDirectory Directory => _provider.GetRequiredService<IRegistryDirectory>();

    public IAuditLog Audit => _provider.GetRequiredService<IAuditLog>();

    public IServiceProvider Services => _provider;

    /// <param name="labUrl">What <c>Registries:LabUrl</c> says.</param>
    public static async Task<RegistryHost> StartAsync(string labUrl, CancellationToken cancellationToken, int pageSize = 100, int timeoutSeconds = 10)
    {
        var folder = System.IO.Directory.CreateTempSubdirectory("portal-registry-db-").FullName;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Registries:LabUrl"] = labUrl,
            // Other sections must validate too; launches are not used here.
            ["Launch:WorkspaceRoot"] = folder,
            ["Registries:PageSize"] = pageSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Registries:RequestTimeoutSeconds"] = timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddPortalData($"Data Source={Path.Combine(folder, "portal.db")}");
        services.AddPortalEngine(configuration);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        var host = new RegistryHost(provider, folder);
        try
        {
            provider.GetService<IStartupValidator>()?.Validate();
            await using (var db = await provider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(cancellationToken))
            {
                await db.Database.MigrateAsync(cancellationToken);
            }

            await provider.GetServices<IHostedService>().OfType<LabRegistrySeeder>().Single().StartAsync(cancellationToken);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the seeder again, as a restart of the portal would.</summary>
    public Task RestartSeederAsync(CancellationToken cancellationToken) =>
        _provider.GetServices<IHostedService>().OfType<LabRegistrySeeder>().Single().StartAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // The OS cleans the temp folder.
        }
    }
}
