using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;
using Portal.Engine.Common;
using Portal.Engine.Docker;

namespace Portal.Engine.Containers;

internal sealed partial class ContainerOperations(DockerConnection connection, ILogger<ContainerOperations> logger) : IContainerOperations
{
    public async Task<string> CreateAsync(ContainerSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var response = await connection.Client.Containers.CreateContainerAsync(BuildParameters(spec), cancellationToken).ConfigureAwait(false);
        LogCreated(logger, ShortId(response.ID), spec.Owner, spec.Image);
        return response.ID;
    }

    /// <summary>
    /// The one place where create parameters are made. Whatever the spec says, the container is never
    /// privileged, gets no capabilities, devices or host namespaces, always runs with no-new-privileges, and its log
    /// is rotated (json-file with a size and file limit), so it cannot fill the disk.
    /// </summary>
    internal static CreateContainerParameters BuildParameters(ContainerSpec spec)
    {
        var labels = new Dictionary<string, string>(spec.Labels)
        {
            [PortalLabels.Managed] = "true",
            [PortalLabels.Owner] = spec.Owner,
            [PortalLabels.Name] = spec.Name,
            [PortalLabels.PortalId] = spec.PortalId ?? Guid.NewGuid().ToString("N"),
            [PortalLabels.Gpus] = string.Join(',', spec.GpuDeviceIds),
        };
        var environment = spec.Environment
            .Where(pair => !Launch.LaunchPolicy.IsGpuVisibilityVariable(pair.Key))
            .Select(pair => $"{pair.Key}={pair.Value}")
            .ToList();
        // Always set, so an image that says NVIDIA_VISIBLE_DEVICES=all (every CUDA image does) sees no GPU by default.
        environment.Add($"NVIDIA_VISIBLE_DEVICES={(spec.GpuDeviceIds.Count > 0 ? string.Join(',', spec.GpuDeviceIds) : "void")}");

        var host = new HostConfig
        {
            Privileged = false,
            PublishAllPorts = false,
            ReadonlyRootfs = false,
            AutoRemove = spec.AutoRemove,
            SecurityOpt = ["no-new-privileges"],
            // GPU frameworks pin memory for transfers; without this, CUDA's pinned allocations fail.
            Ulimits = spec.UnlimitedMemlock ? [new Ulimit { Name = "memlock", Soft = -1, Hard = -1 }] : [],
            Binds = spec.Binds.ToList(),
            PortBindings = spec.Ports.ToDictionary(
                port => $"{port}/tcp",
                port => (IList<PortBinding>)[new PortBinding { HostIP = "127.0.0.1", HostPort = string.Empty }]),
            LogConfig = new LogConfig
            {
                Type = Logs.LogRotation.Driver,
                Config = new Dictionary<string, string>
                {
                    ["max-size"] = spec.LogRotation.MaxSize,
                    ["max-file"] = spec.LogRotation.MaxFiles.ToString(System.Globalization.CultureInfo.InvariantCulture),
                },
            },
        };
        if (spec.NetworkName is not null)
        {
            host.NetworkMode = spec.NetworkName;
        }

        if (spec.Cpus is { } cpus)
        {
            host.NanoCPUs = (long)(cpus * 1_000_000_000);
        }

        if (spec.MemoryMiB is { } memory)
        {
            host.Memory = memory * 1024L * 1024L;
        }

        if (spec.ShmSizeMiB is { } shm)
        {
            host.ShmSize = shm * 1024L * 1024L;
        }

        if (spec.PidsLimit is { } pids)
        {
            host.PidsLimit = pids;
        }

        if (spec.GpuDeviceIds.Count > 0)
        {
            switch (spec.GpuBinding)
            {
                case Gpus.GpuBinding.DeviceRequests:
                    // What `docker run --gpus device=...` sends.
                    host.DeviceRequests = [new DeviceRequest { Driver = "nvidia", DeviceIDs = spec.GpuDeviceIds.ToList(), Capabilities = [["gpu"]] }];
                    break;
                case Gpus.GpuBinding.NvidiaRuntime:
                    host.Runtime = "nvidia";
                    break;
            }
        }

        var parameters = new CreateContainerParameters
        {
            Name = DockerNames.ForContainer(spec.Owner, spec.Name),
            Image = spec.Image,
            Env = environment,
            Labels = labels,
            HostConfig = host,
            ExposedPorts = spec.Ports.ToDictionary(port => $"{port}/tcp", _ => default(EmptyStruct)),
        };
        if (spec.Command is { Count: > 0 })
        {
            parameters.Cmd = spec.Command.ToList();
        }

        return parameters;
    }

    public async Task StartAsync(string id, CancellationToken cancellationToken) =>
        await connection.Client.Containers.StartContainerAsync(id, new ContainerStartParameters(), cancellationToken).ConfigureAwait(false);

    public async Task RestartAsync(string id, TimeSpan timeout, CancellationToken cancellationToken) =>
        await connection.Client.Containers.RestartContainerAsync(
            id,
            new ContainerRestartParameters { WaitBeforeKillSeconds = (uint)Math.Max(0, timeout.TotalSeconds) },
            cancellationToken).ConfigureAwait(false);

    public async Task<ContainerSummary?> GetAsync(string id, CancellationToken cancellationToken) =>
        (await InspectAsync(id, cancellationToken).ConfigureAwait(false))?.Summary;

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

        // Inspect, not list: the list endpoint reads a view Docker updates only after it sends the "die" event.
        var labels = response.Config?.Labels is { } l ? new Dictionary<string, string>(l) : [];
        var startedAt = ParseDockerTime(response.State?.StartedAt);
        var finishedAt = ParseDockerTime(response.State?.FinishedAt);
        var state = response.State?.Status ?? "unknown";
        var summary = new ContainerSummary(
            response.ID,
            response.Name.TrimStart('/'),
            response.Config?.Image ?? response.Image,
            state,
            DescribeState(state, startedAt, finishedAt, response.State?.ExitCode, DateTimeOffset.UtcNow),
            new DateTimeOffset(DateTime.SpecifyKind(response.Created, DateTimeKind.Utc)),
            labels.GetValueOrDefault(PortalLabels.Owner),
            labels)
        {
            Ports = response.NetworkSettings?.Ports?
                .SelectMany(pair => (pair.Value ?? []).DefaultIfEmpty(null).Select(binding => ToMapping(pair.Key, binding)))
                .Where(p => p is not null)
                .Select(p => p!)
                .DistinctBy(p => (p.ContainerPort, p.HostPort, p.Protocol))
                .OrderBy(p => p.ContainerPort)
                .ToList() ?? [],
            StartedAt = startedAt,
            FinishedAt = finishedAt,
            ExitCode = response.State?.ExitCode,
        };
        return new ContainerDetails(
            summary,
            startedAt,
            finishedAt,
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
            labels)
        {
            Ports = container.Ports?
                .Where(p => p.PrivatePort > 0)
                .Select(p => new PortMapping(p.PrivatePort, p.PublicPort > 0 ? p.PublicPort : null, string.IsNullOrEmpty(p.IP) ? null : p.IP, p.Type ?? "tcp"))
                .DistinctBy(p => (p.ContainerPort, p.HostPort, p.Protocol))
                .ToList() ?? [],
        };
    }

    /// <summary>Words like Docker's own status column: "Up 3 minutes", "Exited (0) 2 hours ago".</summary>
    internal static string DescribeState(string state, DateTimeOffset? startedAt, DateTimeOffset? finishedAt, long? exitCode, DateTimeOffset now) => state switch
    {
        "running" when startedAt is { } started => $"Up {Durations.Humanize(now - started)}",
        "exited" when finishedAt is { } finished => $"Exited ({exitCode ?? 0}) {Durations.Humanize(now - finished)} ago",
        "created" => "Created",
        _ => state,
    };

    private static PortMapping? ToMapping(string key, PortBinding? binding)
    {
        var parts = key.Split('/');
        if (!int.TryParse(parts[0], System.Globalization.CultureInfo.InvariantCulture, out var containerPort))
        {
            return null;
        }

        int? hostPort = int.TryParse(binding?.HostPort, System.Globalization.CultureInfo.InvariantCulture, out var port) && port > 0 ? port : null;
        return new PortMapping(containerPort, hostPort, string.IsNullOrEmpty(binding?.HostIP) ? null : binding.HostIP, parts.Length > 1 ? parts[1] : "tcp");
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
