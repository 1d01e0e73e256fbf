namespace Portal.Engine.Containers;

/// <summary>Container lifecycle on the Docker engine. Every call is cancellable; missing containers are null, not errors.</summary>
public interface IContainerOperations
{
    /// <summary>Creates a labelled container and returns its id.</summary>
    Task<string> CreateAsync(ContainerSpec spec, CancellationToken cancellationToken);

    Task StartAsync(string id, CancellationToken cancellationToken);

    Task RestartAsync(string id, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>One container as a list entry (with its published ports), or null.</summary>
    Task<ContainerSummary?> GetAsync(string id, CancellationToken cancellationToken);

    Task StopAsync(string id, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>Removes the container (forcefully when it runs). Returns false when it did not exist.</summary>
    Task<bool> RemoveAsync(string id, CancellationToken cancellationToken);

    Task<ContainerDetails?> InspectAsync(string id, CancellationToken cancellationToken);

    /// <summary>Lists containers, all of them or only those whose labels match every given pair.</summary>
    Task<IReadOnlyList<ContainerSummary>> ListAsync(IReadOnlyDictionary<string, string>? labelFilter, CancellationToken cancellationToken);
}
