using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Portal.Engine.Containers;
using Portal.Engine.Docker;
using Portal.Engine.Engine;
using Portal.Engine.Host;

namespace Portal.Engine;

public static class PortalEngineServiceCollectionExtensions
{
    /// <summary>Registers the engine: the Docker connection, container operations and the host and engine monitors.</summary>
    public static IServiceCollection AddPortalEngine(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DockerOptions>().Bind(configuration.GetSection(DockerOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DockerOptions>, DockerOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);

        services.AddSingleton<DockerConnection>();
        services.AddSingleton<IContainerOperations, ContainerOperations>();

        services.AddSingleton<EngineStatusMonitor>();
        services.AddSingleton<IEngineStatusMonitor>(sp => sp.GetRequiredService<EngineStatusMonitor>());
        services.AddHostedService(sp => sp.GetRequiredService<EngineStatusMonitor>());

        services.AddSingleton<HostMonitor>();
        services.AddSingleton<IHostMonitor>(sp => sp.GetRequiredService<HostMonitor>());
        services.AddHostedService(sp => sp.GetRequiredService<HostMonitor>());
        return services;
    }
}
