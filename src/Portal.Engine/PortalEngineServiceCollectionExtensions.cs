using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Portal.Engine.Audit;
using Portal.Engine.Cleanup;
using Portal.Engine.Containers;
using Portal.Engine.Disk;
using Portal.Engine.Docker;
using Portal.Engine.Engine;
using Portal.Engine.Gpus;
using Portal.Engine.Host;
using Portal.Engine.Images;
using Portal.Engine.Launch;
using Portal.Engine.Logs;
using Portal.Engine.Networks;
using Portal.Engine.Proxy;
using Portal.Engine.Quotas;
using Portal.Engine.Registries;
using Portal.Engine.Stats;
using Portal.Engine.Templates;
using Portal.Engine.Terminals;
using Portal.Engine.Volumes;

namespace Portal.Engine;

public static class PortalEngineServiceCollectionExtensions
{
    /// <summary>Registers the engine: the Docker connection, container operations, the host and engine monitors, the GPU inventory and allocator, quotas, the launch policy, the container state cache, templates (and the default ones), web-proxy targets, terminals, container logs, live container stats, disk accounting and quotas, cleanup (on demand and scheduled) and the audit log.</summary>
    public static IServiceCollection AddPortalEngine(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DockerOptions>().Bind(configuration.GetSection(DockerOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DockerOptions>, DockerOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);

        services.AddSingleton<DockerConnection>();
        services.AddSingleton<DockerHttpApi>();
        services.AddSingleton<LaunchGate>();
        services.AddSingleton<IContainerOperations, ContainerOperations>();

        services.AddSingleton<EngineStatusMonitor>();
        services.AddSingleton<IEngineStatusMonitor>(sp => sp.GetRequiredService<EngineStatusMonitor>());
        services.AddHostedService(sp => sp.GetRequiredService<EngineStatusMonitor>());

        services.AddSingleton<HostMonitor>();
        services.AddSingleton<IHostMonitor>(sp => sp.GetRequiredService<HostMonitor>());
        services.AddHostedService(sp => sp.GetRequiredService<HostMonitor>());

        services.AddOptions<GpuOptions>().Bind(configuration.GetSection(GpuOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<GpuOptions>, GpuOptionsValidator>();
        services.AddSingleton<GpuInventoryMonitor>();
        services.AddSingleton<IGpuInventory>(sp => sp.GetRequiredService<GpuInventoryMonitor>());
        services.AddHostedService(sp => sp.GetRequiredService<GpuInventoryMonitor>());
        services.AddSingleton<IGpuAllocator, GpuAllocator>();

        services.AddOptions<QuotaOptions>().Bind(configuration.GetSection(QuotaOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<QuotaOptions>, QuotaOptionsValidator>();
        services.AddSingleton<IQuotaService, QuotaService>();
        services.AddOptions<LaunchOptions>().Bind(configuration.GetSection(LaunchOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LaunchOptions>, LaunchOptionsValidator>();
        services.PostConfigure<LaunchOptions>(options =>
        {
            options.AllowedImages = options.AllowedImages.Count == 0
                ? [.. LaunchOptions.DefaultAllowedImages]
                : options.AllowedImages.Where(p => !string.IsNullOrWhiteSpace(p)).Distinct(StringComparer.Ordinal).ToList();
        });
        services.AddSingleton<IAuditLog, AuditLog>();
        services.AddSingleton<ITemplateService, TemplateService>();
        services.AddHostedService<DefaultTemplateSeeder>();
        services.AddSingleton<INetworkOperations, NetworkOperations>();
        services.AddSingleton<IImageOperations, ImageOperations>();
        services.AddOptions<ImageOptions>().Bind(configuration.GetSection(ImageOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ImageOptions>, ImageOptionsValidator>();
        services.AddSingleton<ImageRecordStore>();
        services.AddSingleton<IImageManager, ImageManager>();

        // Registry passwords are kept with the portal's Data Protection key ring (the host persists the keys).
        services.AddDataProtection();
        services.AddSingleton<RegistryPasswordProtector>();
        services.AddSingleton<IRegistryDirectory, RegistryDirectory>();
        services.AddOptions<RegistryOptions>().Bind(configuration.GetSection(RegistryOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RegistryOptions>, RegistryOptionsValidator>();
        // One pooled handler for every registry; each call sets its own time limit (RegistryOptions.RequestTimeout).
        services.AddHttpClient(RegistryClient.HttpClientName, http => http.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        services.AddSingleton<RegistryTokenCache>();
        services.AddSingleton<RegistryClient>();
        services.AddSingleton<ManifestReader>();
        services.AddSingleton<IRegistryBrowser, RegistryBrowser>();
        services.AddSingleton<IRegistryAdministration, RegistryAdministration>();
        services.AddHostedService<LabRegistrySeeder>();

        services.AddSingleton<ContainerStateCache>();
        services.AddSingleton<IContainerStateCache>(sp => sp.GetRequiredService<ContainerStateCache>());
        services.AddHostedService(sp => sp.GetRequiredService<ContainerStateCache>());
        services.AddSingleton<IContainerManager, ContainerManager>();
        services.AddSingleton<IProxyTargets, ProxyTargets>();

        services.AddOptions<LogOptions>().Bind(configuration.GetSection(LogOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LogOptions>, LogOptionsValidator>();
        services.AddSingleton<ContainerLogStreams>();
        services.AddSingleton<LogFanout>();
        services.AddSingleton<IContainerLogs>(sp => sp.GetRequiredService<LogFanout>());

        services.AddOptions<TerminalOptions>().Bind(configuration.GetSection(TerminalOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TerminalOptions>, TerminalOptionsValidator>();
        services.AddSingleton<ITerminalExecOperations, TerminalExecOperations>();
        services.AddSingleton<TerminalManager>();
        services.AddSingleton<ITerminalManager>(sp => sp.GetRequiredService<TerminalManager>());
        services.AddHostedService(sp => sp.GetRequiredService<TerminalManager>());

        services.AddOptions<StatsOptions>().Bind(configuration.GetSection(StatsOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StatsOptions>, StatsOptionsValidator>();
        services.AddSingleton<ContainerStatsFanout>();
        services.AddSingleton<IContainerStats>(sp => sp.GetRequiredService<ContainerStatsFanout>());
        services.AddSingleton<IContainerProcessLister, ContainerProcessLister>();
        services.AddSingleton<IContainerGpuUsage, ContainerGpuUsageMonitor>();
        services.AddSingleton<DiskSpaceMonitor>();
        services.AddSingleton<IDiskSpaceMonitor>(sp => sp.GetRequiredService<DiskSpaceMonitor>());
        services.AddHostedService(sp => sp.GetRequiredService<DiskSpaceMonitor>());

        services.AddOptions<DiskOptions>().Bind(configuration.GetSection(DiskOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DiskOptions>, DiskOptionsValidator>();
        services.AddSingleton<IEngineDiskUsageReader, EngineDiskUsageReader>();
        services.AddSingleton<IVolumeOperations, VolumeOperations>();
        services.AddSingleton<IDiskUsageScanner, DiskUsageScanner>();
        services.AddSingleton<DiskUsageMonitor>();
        services.AddSingleton<IDiskUsage>(sp => sp.GetRequiredService<DiskUsageMonitor>());
        services.AddHostedService(sp => sp.GetRequiredService<DiskUsageMonitor>());
        services.AddSingleton<IDiskQuota, DiskQuota>();
        services.AddSingleton<IDiskItemRemover, DiskItemRemover>();
        services.AddSingleton<CleanupInventoryReader>();
        services.AddSingleton<CleanupCandidateSource>();
        services.AddSingleton<CleanupOperations>();
        services.AddSingleton<CleanupService>();
        services.AddSingleton<ICleanupService>(sp => sp.GetRequiredService<CleanupService>());
        services.AddSingleton<CleanupScheduleStore>();
        services.AddSingleton<CleanupScheduleService>();
        services.AddSingleton<ICleanupSchedule>(sp => sp.GetRequiredService<CleanupScheduleService>());
        services.AddSingleton<IProtectedImages, ProtectedImages>();
        services.AddHostedService<CleanupScheduleRunner>();
        return services;
    }
}
