using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Engine.Audit;
using Portal.Engine.Containers;
using Portal.Engine.Disk;
using Portal.Engine.Engine;
using Portal.Engine.Gpus;
using Portal.Engine.Images;
using Portal.Engine.Launch;
using Portal.Engine.Stats;
using Portal.Engine.Templates;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Components;

/// <summary>Hands a bUnit context the real engine services of a hosted portal, so pages run against real Docker and SQLite.</summary>
internal static class AppServices
{
    public static void AddPortalEngineServices(this BunitContext context, PortalAppFactory portal)
    {
        var services = portal.Services;
        context.Services.AddSingleton(services.GetRequiredService<IContainerManager>());
        context.Services.AddSingleton(services.GetRequiredService<IContainerStateCache>());
        context.Services.AddSingleton(services.GetRequiredService<IGpuAllocator>());
        context.Services.AddSingleton(services.GetRequiredService<IGpuInventory>());
        context.Services.AddSingleton(services.GetRequiredService<ITemplateService>());
        context.Services.AddSingleton(services.GetRequiredService<IOptions<LaunchOptions>>());
        context.Services.AddSingleton(services.GetRequiredService<IEngineStatusMonitor>());
        context.Services.AddSingleton(services.GetRequiredService<IContainerStats>());
        context.Services.AddSingleton(services.GetRequiredService<IContainerGpuUsage>());
        context.Services.AddSingleton(services.GetRequiredService<IOptions<StatsOptions>>());
        context.Services.AddSingleton(services.GetRequiredService<IAuditLog>());
        context.Services.AddSingleton(services.GetRequiredService<IDiskUsage>());
        context.Services.AddSingleton(services.GetRequiredService<IDiskQuota>());
        context.Services.AddSingleton(services.GetRequiredService<IImageManager>());
        context.Services.AddSingleton(services.GetRequiredService<IOptions<ImageOptions>>());
        context.Services.AddSingleton(TimeProvider.System);
    }
}
