using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;
using Portal.Engine.Docker;

namespace Portal.Engine.Containers;

internal sealed partial class ContainerOperations(DockerConnection connection, ILogger<ContainerOperations> logger) : IContainerOperations
{
    public async Task<string> CreateAsync(ContainerSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var labels = new Dictionary<string, string>(spec.Labels)
        {
            [PortalLabels.Managed] = "true",
            [PortalLabels.Owner] = spec.Owner,
            [PortalLabels.Name] = spec.Name,
            [PortalLabels.PortalId] = Guid.NewGuid().ToString("N"),
        };

        var parameters = new CreateContainerParameters
        {
            Name = DockerNames.ForContainer(spec.Owner, spec.Name),
            Image = spec.Image,
            Env = spec.Environment.Select(pair => $"{pair.Key}={pair.Value}").ToList(),
            Labels = labels,
            HostConfig = new HostConfig(),
        };
        if (spec.Command is { Count: > 0 })
        {
            parameters.Cmd = spec.Command.ToList();
        }

        var response = await connection.Client.Containers.CreateContainerAsync(parameters, cancellationToken).ConfigureAwait(false);

        LogCreated(logger, ShortId(response.ID), spec.Owner, spec.Image);
        return response.ID;
    }

    public async Task StartAsync(string id, CancellationToken cancellationToken) =>
        await connection.Client.Containers.StartContainerAsync(id, new ContainerStartParameters(), cancellationToken).ConfigureAwait(false);

    public async Task StopAsync(string id, TimeSpan timeout, CancellationToken cancellationToken) =>
        await connection.Client.Containers.StopContainerAsync(
            id,
            new ContainerStopParameters { WaitBeforeKillSeconds = (uint)Math.Max(0, timeout.TotalSeconds) },
            cancellationToken).ConfigureAwait(false);

    public async Task<bool> RemoveAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            await connection.Client.Containers.RemoveContainerAsync(
                id,
                new ContainerRemoveParameters { Force = true, RemoveVolumes = true },
                cancellationToken).ConfigureAwait(false);
            LogRemoved(logger, ShortId(id));
            return true;
        }
        catch (DockerContainerNotFoundException)
        {
            return false;
        }
    }

    public async Task<ContainerDetails?> InspectAsync(string id, CancellationToken cancellationToken)
    {
        ContainerInspectResponse response;
        try
        {
            response = await connection.Client.Containers.InspectContainerAsync(id, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerContainerNotFoundException)
        {
            return null;
        }
        catch (DockerApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        var labels = response.Config?.Labels is { } l ? new Dictionary<string, string>(l) : [];
        var summary = new ContainerSummary(
            response.ID,
            response.Name.TrimStart('/'),
            response.Config?.Image ?? response.Image,
            response.State?.Status ?? "unknown",
            response.State?.Status ?? "unknown",
            new DateTimeOffset(DateTime.SpecifyKind(response.Created, DateTimeKind.Utc)),
            labels.GetValueOrDefault(PortalLabels.Owner),
            labels);
        return new ContainerDetails(
            summary,
            ParseDockerTime(response.State?.StartedAt),
            ParseDockerTime(response.State?.FinishedAt),
            response.State?.ExitCode,
            response.Config?.Env?.ToList() ?? []);
    }

    public async Task<IReadOnlyList<ContainerSummary>> ListAsync(IReadOnlyDictionary<string, string>? labelFilter, CancellationToken cancellationToken)
    {
        var parameters = new ContainersListParameters { All = true };
        if (labelFilter is { Count: > 0 })
        {
            parameters.Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["label"] = labelFilter.ToDictionary(pair => $"{pair.Key}={pair.Value}", _ => true),
            };
        }

        var containers = await connection.Client.Containers.ListContainersAsync(parameters, cancellationToken).ConfigureAwait(false);
        return containers.Select(ToSummary).ToList();
    }

    private static ContainerSummary ToSummary(ContainerListResponse container)
    {
        var labels = container.Labels is { } l ? new Dictionary<string, string>(l) : [];
        return new ContainerSummary(
            container.ID,
            container.Names?.FirstOrDefault()?.TrimStart('/') ?? container.ID[..12],
            container.Image,
            container.State ?? "unknown",
            container.Status ?? string.Empty,
            new DateTimeOffset(DateTime.SpecifyKind(container.Created, DateTimeKind.Utc)),
            labels.GetValueOrDefault(PortalLabels.Owner),
            labels);
    }

    /// <summary>Docker reports "0001-01-01T00:00:00Z" for times that never happened.</summary>
    private static DateTimeOffset? ParseDockerTime(string? value) =>
        DateTimeOffset.TryParse(value, out var time) && time.Year > 1 ? time : null;

    private static string ShortId(string id) => id.Length > 12 ? id[..12] : id;

    [LoggerMessage(Level = LogLevel.Information, Message = "Created container {ContainerId} for {Owner} from {Image}")]
    private static partial void LogCreated(ILogger logger, string containerId, string owner, string image);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed container {ContainerId}")]
    private static partial void LogRemoved(ILogger logger, string containerId);
}
