using System.Globalization;
using DockerApiException = Docker.DotNet.DockerApiException;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Engine.Audit;
using Portal.Engine.Disk;
using Portal.Engine.Docker;
using Portal.Engine.Engine;
using Portal.Engine.Gpus;
using Portal.Engine.Images;
using Portal.Engine.Launch;
using Portal.Engine.Logs;
using Portal.Engine.Networks;
using Portal.Engine.Quotas;

namespace Portal.Engine.Containers;

internal sealed partial class ContainerManager(
    IContainerOperations containers,
    IContainerStateCache cache,
    IGpuAllocator allocator,
    INetworkOperations networks,
    IImageOperations images,
    IQuotaService quotas,
    IDiskQuota diskQuota,
    IAuditLog audit,
    Engine.IEngineStatusMonitor engine,
    IOptions<LaunchOptions> launchOptions,
    IOptions<GpuOptions> gpuOptions,
    IOptions<LogOptions> logOptions,
    LaunchGate launchGate,
    ILogger<ContainerManager> logger) : IContainerManager
{
    // Quota checks and device leases must see every earlier launch: launches pass one at a time (and image removals wait).
    private readonly LaunchGate _launchGate = launchGate;
    private readonly bool _unlimitedMemlock = MemlockSupport.Resolve(launchOptions.Value.UnlimitedMemlock);

    private LaunchOptions Options => launchOptions.Value;

    public IReadOnlyList<ContainerSummary> List(Actor actor, bool allUsers) =>
        cache.Current.VisibleTo(actor.UserName, allUsers && actor.IsAdmin)
            .OrderByDescending(c => c.CreatedAt)
            .ToList();

    public ContainerSummary? Find(Actor actor, string id)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length < 4)
        {
            return null;
        }

        var visible = cache.Current.VisibleTo(actor.UserName, actor.IsAdmin);
        var matches = visible.Where(c => c.Id.StartsWith(id, StringComparison.Ordinal) || c.PortalId == id).Take(2).ToList();
        return matches.Count == 1 ? matches[0] : null;
    }

    /// <summary>
    /// The engine's CPUs and memory, which cap a launch's defaults. Before the monitor's first check they are unknown
    /// (zero) and the quota's default (often more CPUs than the host has) would reach Docker, which refuses it.
    /// </summary>
    private async Task<EngineStatus> EngineHostAsync(CancellationToken cancellationToken) =>
        engine.Current is { CpuCount: > 0 } known ? known : await engine.CheckNowAsync(cancellationToken).ConfigureAwait(false);

    public async Task<(string? DockerRun, LaunchError? Error)> PreviewAsync(Actor actor, LaunchRequest request, CancellationToken cancellationToken)
    {
        var limits = await quotas.GetLimitsAsync(actor.UserName, cancellationToken).ConfigureAwait(false);
        var host = await EngineHostAsync(cancellationToken).ConfigureAwait(false);
        var policy = LaunchPolicy.Evaluate(actor.UserName, request, limits, Options, host.CpuCount, host.MemoryBytes / (1024 * 1024));
        return policy.Plan is { } plan ? (Render(plan, null), null) : (null, policy.Error);
    }

    public async Task<LaunchResult> LaunchAsync(Actor actor, LaunchRequest request, CancellationToken cancellationToken)
    {
        var owner = actor.UserName;
        var target = request.Name ?? "(unnamed)";
        var limits = await quotas.GetLimitsAsync(owner, cancellationToken).ConfigureAwait(false);
        var host = await EngineHostAsync(cancellationToken).ConfigureAwait(false);
        var policy = LaunchPolicy.Evaluate(owner, request, limits, Options, host.CpuCount, host.MemoryBytes / (1024 * 1024));
        if (policy.Plan is not { } plan)
        {
            return await RefuseAsync(actor, target, policy.Error!).ConfigureAwait(false);
        }

        var portalId = Guid.NewGuid().ToString("N");
        string containerId;
        IReadOnlyList<string> devices;
        string networkName;
        bool networkCreated;
        await _launchGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var refusal = await CheckLaunchableAsync(owner, plan, limits, cancellationToken).ConfigureAwait(false);
            if (refusal is not null)
            {
                return await RefuseAsync(actor, plan.Name, refusal).ConfigureAwait(false);
            }

            var lease = await allocator.LeaseAsync(owner, portalId, plan.Name, plan.Gpus, cancellationToken).ConfigureAwait(false);
            if (!lease.Succeeded)
            {
                return await RefuseAsync(actor, plan.Name, new LaunchError(LaunchErrorCodes.GpusUnavailable, lease.Error!)).ConfigureAwait(false);
            }

            devices = lease.DeviceIds!;
            networkName = networks.NetworkNameFor(owner);
            networkCreated = false;
            try
            {
                (networkName, networkCreated) = await networks.EnsureUserNetworkAsync(owner, new Dictionary<string, string>(), cancellationToken).ConfigureAwait(false);
                containerId = await containers.CreateAsync(BuildSpec(plan, portalId, networkName, devices), CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // The devices are leased by now: a caller who went away must not keep them (nor a network made for them).
                await UndoAsync(portalId, null, networkCreated ? networkName : null).ConfigureAwait(false);
                if (ex is OperationCanceledException && cancellationToken.IsCancellationRequested)
                {
                    throw;
                }

                return await FailAsync(actor, plan.Name, "Docker refused to create the container: " + DescribeEngineError(ex)).ConfigureAwait(false);
            }
        }
        finally
        {
            _launchGate.Release();
        }

        try
        {
            await allocator.AttachDockerIdAsync(portalId, containerId, CancellationToken.None).ConfigureAwait(false);
            await containers.StartAsync(containerId, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            await UndoAsync(portalId, containerId, networkCreated ? networkName : null).ConfigureAwait(false);
            return await FailAsync(actor, plan.Name, "The container was created but did not start: " + DescribeEngineError(ex)).ConfigureAwait(false);
        }

        await cache.RefreshAsync(containerId, CancellationToken.None).ConfigureAwait(false);
        var summary = cache.Current.Containers.GetValueOrDefault(containerId)
            ?? await containers.GetAsync(containerId, CancellationToken.None).ConfigureAwait(false);
        var dockerRun = Render(plan, devices);
        await audit.WriteAsync(
            actor.UserName,
            "container.launch",
            plan.Name,
            AuditOutcome.Succeeded,
            $"{plan.Image}; GPUs: {(devices.Count == 0 ? "none" : string.Join(",", devices))}; id {containerId[..12]}",
            CancellationToken.None).ConfigureAwait(false);
        LogLaunched(logger, owner, plan.Name, devices.Count);
        return new LaunchResult(summary, devices, dockerRun, null);
    }

    public Task<ContainerActionResult> StartAsync(Actor actor, string id, CancellationToken cancellationToken) =>
        ActAsync(actor, id, "container.start", async container =>
        {
            if (container.IsRunning)
            {
                return null;
            }

            var leased = false;
            if (container is { IsManaged: true, PortalId: { } portalId } && container.GpuDeviceIds.Count > 0)
            {
                var lease = await allocator.LeaseDevicesAsync(container.Owner ?? actor.UserName, portalId, container.DisplayName, container.GpuDeviceIds, cancellationToken).ConfigureAwait(false);
                if (!lease.Succeeded)
                {
                    return new LaunchError(LaunchErrorCodes.GpusUnavailable, lease.Error!);
                }

                leased = true;
            }

            try
            {
                await containers.StartAsync(container.Id, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception) when (leased)
            {
                await allocator.ReleaseAsync(container.PortalId!, CancellationToken.None).ConfigureAwait(false);
                throw;
            }

            return null;
        });

    public Task<ContainerActionResult> StopAsync(Actor actor, string id, CancellationToken cancellationToken) =>
        ActAsync(actor, id, "container.stop", async container =>
        {
            if (container.IsRunning)
            {
                await containers.StopAsync(container.Id, TimeSpan.FromSeconds(Options.StopTimeoutSeconds), CancellationToken.None).ConfigureAwait(false);
            }

            await ReleaseLeaseAsync(container).ConfigureAwait(false);
            return null;
        });

    public Task<ContainerActionResult> RestartAsync(Actor actor, string id, CancellationToken cancellationToken) =>
        ActAsync(actor, id, "container.restart", async container =>
        {
            if (container.IsRunning)
            {
                // A restart keeps the devices: the die event between stop and start releases them, the start event
                // leases them again, and Docker's own restart makes that window as short as it can be.
                await containers.RestartAsync(container.Id, TimeSpan.FromSeconds(Options.StopTimeoutSeconds), CancellationToken.None).ConfigureAwait(false);
                return null;
            }

            var started = await StartAsync(actor, id, cancellationToken).ConfigureAwait(false);
            return started.Error;
        });

    public Task<ContainerActionResult> RemoveAsync(Actor actor, string id, CancellationToken cancellationToken) =>
        ActAsync(actor, id, "container.remove", async container =>
        {
            await containers.RemoveAsync(container.Id, CancellationToken.None).ConfigureAwait(false);
            await ReleaseLeaseAsync(container).ConfigureAwait(false);
            if (container is { IsManaged: true, Owner: { } owner })
            {
                await RemoveNetworkIfLastAsync(owner).ConfigureAwait(false);
            }

            return null;
        });

    /// <summary>
    /// A user's network goes with their last container, so networks do not pile up on the host. Under the launch
    /// gate, so a launch that is about to use the network cannot lose it.
    /// </summary>
    private async Task RemoveNetworkIfLastAsync(string owner)
    {
        await _launchGate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            var left = await containers.ListAsync(
                new Dictionary<string, string> { [PortalLabels.Managed] = "true", [PortalLabels.Owner] = owner },
                CancellationToken.None).ConfigureAwait(false);
            if (left.Count == 0)
            {
                await networks.RemoveIfUnusedAsync(networks.NetworkNameFor(owner), CancellationToken.None).ConfigureAwait(false);
            }
        }
        finally
        {
            _launchGate.Release();
        }
    }

    public async Task<UsageReport> GetUsageAsync(string userName, CancellationToken cancellationToken)
    {
        var limits = await quotas.GetLimitsAsync(userName, cancellationToken).ConfigureAwait(false);
        var leases = await allocator.ListLeasesAsync(cancellationToken).ConfigureAwait(false);
        var mine = cache.Current.VisibleTo(userName, allUsers: false).ToList();
        return new UsageReport(userName, limits, leases.Count(l => l.Owner == userName), mine.Count, mine.Count(c => c.IsRunning));
    }

    private async Task<LaunchError?> CheckLaunchableAsync(string owner, LaunchPlan plan, QuotaLimits limits, CancellationToken cancellationToken)
    {
        // From the last accounting figures, never a scan: a launch must not wait minutes for docker system df.
        if (await diskQuota.CheckAsync(owner, cancellationToken).ConfigureAwait(false) is { } overDisk)
        {
            return overDisk;
        }

        // Fresh from Docker, not the cache: the quota must count a container created a moment ago.
        var existing = await containers.ListAsync(
            new Dictionary<string, string> { [PortalLabels.Managed] = "true", [PortalLabels.Owner] = owner },
            cancellationToken).ConfigureAwait(false);
        if (existing.Count >= limits.MaxContainers)
        {
            return new LaunchError(
                LaunchErrorCodes.QuotaExceeded,
                $"You have {existing.Count} containers, your limit is {limits.MaxContainers}. Remove one you no longer need ({string.Join(", ", existing.Where(c => !c.IsRunning).Select(c => c.DisplayName).DefaultIfEmpty("stop one first"))}).");
        }

        if (plan.Gpus > 0)
        {
            var held = (await allocator.ListLeasesAsync(cancellationToken).ConfigureAwait(false)).Count(l => l.Owner == owner);
            if (held + plan.Gpus > limits.MaxGpus)
            {
                return new LaunchError(
                    LaunchErrorCodes.QuotaExceeded,
                    $"You hold {held} GPUs and asked for {plan.Gpus}; your limit is {limits.MaxGpus} at once. Stop a container that holds GPUs first.");
            }
        }

        if (existing.Any(c => string.Equals(c.DisplayName, plan.Name, StringComparison.OrdinalIgnoreCase))
            || await containers.InspectAsync(DockerNames.ForContainer(owner, plan.Name), cancellationToken).ConfigureAwait(false) is not null)
        {
            return new LaunchError(LaunchErrorCodes.NameTaken, $"You already have a container named '{plan.Name}'. Pick another name, or remove the old one.");
        }

        if (!await images.ExistsAsync(plan.Image, cancellationToken).ConfigureAwait(false))
        {
            return new LaunchError(
                LaunchErrorCodes.InvalidRequest,
                $"The image '{plan.Image}' is not on this workstation. Pull or build it first (Images page).",
                new Dictionary<string, string[]> { ["image"] = [$"'{plan.Image}' is not on this workstation."] });
        }

        return null;
    }

    private ContainerSpec BuildSpec(LaunchPlan plan, string portalId, string networkName, IReadOnlyList<string> devices)
    {
        var binds = new List<string>();
        if (plan.Workspace)
        {
            var workspace = WorkspacePath(plan.Owner);
            Directory.CreateDirectory(workspace);
            binds.Add($"{workspace}:/workspace");
        }

        binds.AddRange(Options.SharedMounts.Select(m => $"{m.Source}:{m.Target}:ro"));
        var environment = plan.Env;
        var labels = new Dictionary<string, string> { [PortalLabels.Prefix + "ports"] = string.Join(',', plan.Ports.Select(p => p.ToString(CultureInfo.InvariantCulture))) };
        if (plan.Ports.Count > 0)
        {
            // Apps behind the web proxy get a secret of their own that the proxy presents for the owner.
            var token = Proxy.ProxyToken.Generate();
            environment = new Dictionary<string, string>(plan.Env) { [Proxy.ProxyToken.EnvironmentVariable] = token };
            labels[PortalLabels.ProxyToken] = token;
        }

        return new ContainerSpec
        {
            Name = plan.Name,
            Owner = plan.Owner,
            Image = plan.Image,
            PortalId = portalId,
            Command = plan.Command,
            Environment = environment,
            NetworkName = networkName,
            Cpus = plan.Cpus,
            MemoryMiB = plan.MemoryMiB,
            ShmSizeMiB = plan.ShmSizeMiB,
            PidsLimit = Options.PidsLimit,
            Ports = plan.Ports,
            Binds = binds,
            GpuDeviceIds = devices,
            GpuBinding = gpuOptions.Value.Binding,
            AutoRemove = plan.AutoRemove,
            UnlimitedMemlock = _unlimitedMemlock,
            LogRotation = logOptions.Value.Rotation,
            Labels = labels,
        };
    }

    private string WorkspacePath(string owner) => Path.Combine(Options.WorkspaceRoot, DockerNames.Sanitize(owner));

    private string Render(LaunchPlan plan, IReadOnlyList<string>? devices) =>
        DockerRunCommand.Render(plan, DockerNames.ForContainer(plan.Owner, plan.Name), networks.NetworkNameFor(plan.Owner), devices, WorkspacePath(plan.Owner), Options, gpuOptions.Value.Binding, _unlimitedMemlock, logOptions.Value.Rotation);

    private async Task<ContainerActionResult> ActAsync(Actor actor, string id, string action, Func<ContainerSummary, Task<LaunchError?>> act)
    {
        var container = Find(actor, id);
        if (container is null)
        {
            await audit.WriteAsync(actor.UserName, action, id, AuditOutcome.Refused, "not found or not theirs", CancellationToken.None).ConfigureAwait(false);
            return ContainerActionResult.NotFound(id);
        }

        var target = container.IsManaged ? $"{container.Owner}/{container.DisplayName}" : container.Name;
        LaunchError? error;
        try
        {
            error = await act(container).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is DockerApiException or HttpRequestException or IOException or TimeoutException)
        {
            error = new LaunchError(LaunchErrorCodes.EngineError, "Docker failed: " + DescribeEngineError(ex));
            await audit.WriteAsync(actor.UserName, action, target, AuditOutcome.Failed, error.Message, CancellationToken.None).ConfigureAwait(false);
            return ContainerActionResult.Refused(error);
        }

        await audit.WriteAsync(
            actor.UserName,
            action,
            target,
            error is null ? AuditOutcome.Succeeded : AuditOutcome.Refused,
            error?.Message ?? (container.Owner != actor.UserName ? $"by admin on {container.Owner ?? "an unmanaged"}'s container" : null),
            CancellationToken.None).ConfigureAwait(false);
        if (error is not null)
        {
            return ContainerActionResult.Refused(error);
        }

        await cache.RefreshAsync(container.Id, CancellationToken.None).ConfigureAwait(false);
        return ContainerActionResult.Done(cache.Current.Containers.GetValueOrDefault(container.Id));
    }

    private async Task ReleaseLeaseAsync(ContainerSummary container)
    {
        if (container is { IsManaged: true, PortalId: { } portalId })
        {
            await allocator.ReleaseAsync(portalId, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>A failed launch leaves nothing behind: no container, no lease, no network it made.</summary>
    private async Task UndoAsync(string portalId, string? containerId, string? createdNetwork)
    {
        try
        {
            if (containerId is not null)
            {
                await containers.RemoveAsync(containerId, CancellationToken.None).ConfigureAwait(false);
            }

            await allocator.ReleaseAsync(portalId, CancellationToken.None).ConfigureAwait(false);
            if (createdNetwork is not null)
            {
                await networks.RemoveIfUnusedAsync(createdNetwork, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogUndoFailed(logger, portalId, ex.GetBaseException().Message);
        }
    }

    private async Task<LaunchResult> RefuseAsync(Actor actor, string target, LaunchError error)
    {
        await audit.WriteAsync(actor.UserName, "container.launch", target, AuditOutcome.Refused, $"{error.Code}: {error.Message}", CancellationToken.None).ConfigureAwait(false);
        return LaunchResult.Refused(error);
    }

    private async Task<LaunchResult> FailAsync(Actor actor, string target, string message)
    {
        await audit.WriteAsync(actor.UserName, "container.launch", target, AuditOutcome.Failed, message, CancellationToken.None).ConfigureAwait(false);
        return LaunchResult.Refused(new LaunchError(LaunchErrorCodes.EngineError, message));
    }

    private static string DescribeEngineError(Exception ex) => ex switch
    {
        DockerApiException api => EngineErrors.Message(api),
        _ => ex.GetBaseException().Message,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "{Owner} launched {Name} with {GpuCount} GPUs")]
    private static partial void LogLaunched(ILogger logger, string owner, string name, int gpuCount);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not undo the failed launch {PortalId}: {Error}")]
    private static partial void LogUndoFailed(ILogger logger, string portalId, string error);
}
