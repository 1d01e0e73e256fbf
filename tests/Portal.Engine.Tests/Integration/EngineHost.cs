using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Data;
using Portal.Engine.Audit;
using Portal.Engine.Containers;
using Portal.Engine.Engine;
using Portal.Engine.Gpus;
using Portal.Engine.Quotas;

namespace Portal.Engine.Tests.Integration;

/// <summary>
/// The engine as the portal runs it, without the web host: the real DI registrations (<c>AddPortalData</c>,
/// <c>AddPortalEngine</c>), a migrated SQLite file, and every hosted service started. Disposing it is what a dead
/// portal looks like to Docker: the hosted services stop and the provider goes, while containers keep running.
/// </summary>
public sealed class EngineHost : IAsyncDisposable
{
    private readonly EngineEnvironment _environment;
    private readonly ServiceProvider _provider;
    private readonly List<IHostedService> _started = [];
    private int _disposed;

    private EngineHost(EngineEnvironment environment, ServiceProvider provider)
    {
        _environment = environment;
        _provider = provider;
    }

    public IServiceProvider Services => _provider;

    public IContainerManager Manager => _provider.GetRequiredService<IContainerManager>();

    public IGpuAllocator Allocator => _provider.GetRequiredService<IGpuAllocator>();

    public IContainerStateCache Cache => _provider.GetRequiredService<IContainerStateCache>();

    public IAuditLog Audit => _provider.GetRequiredService<IAuditLog>();

    public IQuotaService Quotas => _provider.GetRequiredService<IQuotaService>();

    internal static async Task<EngineHost> StartAsync(EngineEnvironment environment, Action<IServiceCollection>? configureServices, CancellationToken cancellationToken)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(environment.Settings).Build();
        var services = new ServiceCollection();
        services.AddLogging(logging =>
        {
            // Quiet by default; PORTAL_TEST_LOG=1 shows the engine's own log when a test needs explaining.
            if (Environment.GetEnvironmentVariable("PORTAL_TEST_LOG") == "1")
            {
                logging.AddSimpleConsole(console => console.TimestampFormat = "HH:mm:ss.fff ");
            }
        });
        services.AddPortalData(environment.ConnectionString);
        services.AddPortalEngine(configuration);
        configureServices?.Invoke(services);
        var host = new EngineHost(environment, services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true }));
        try
        {
            await host.StartAsync(cancellationToken);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>The leases on this environment's devices (other portals' containers on the engine are restored into any database at start-up).</summary>
    public async Task<IReadOnlyList<GpuLeaseInfo>> LeasesAsync(CancellationToken cancellationToken) =>
        (await Allocator.ListLeasesAsync(cancellationToken)).Where(l => _environment.DeviceIds.Contains(l.DeviceId)).ToList();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        for (var i = _started.Count - 1; i >= 0; i--)
        {
            await _started[i].StopAsync(cts.Token);
        }

        await _provider.DisposeAsync();
    }

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        // What the generic host does first: options validated at start, every error at once.
        _provider.GetService<IStartupValidator>()?.Validate();
        var dbFactory = _provider.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            await db.Database.MigrateAsync(cancellationToken);
        }

        foreach (var service in _provider.GetServices<IHostedService>())
        {
            await service.StartAsync(cancellationToken);
            _started.Add(service);
        }

        // The monitors' first reads run in the background; a test must not launch before they are in.
        var engine = await _provider.GetRequiredService<IEngineStatusMonitor>().CheckNowAsync(cancellationToken);
        Assert.True(engine.IsReachable, engine.Error);
        var gpus = await _provider.GetRequiredService<IGpuInventory>().RefreshAsync(cancellationToken);
        Assert.True(gpus.Error is null, gpus.Error);
        Assert.Equal(_environment.DeviceIds, Allocator.Units.Select(u => u.DeviceId));
        await Cache.WaitUntilConnectedAsync(cancellationToken);
    }
}
