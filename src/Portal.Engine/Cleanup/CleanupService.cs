using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.Data;
using Portal.Engine.Audit;
using Portal.Engine.Containers;
using Portal.Engine.Launch;
using Portal.Engine.Networks;

namespace Portal.Engine.Cleanup;

internal sealed partial class CleanupService(
    CleanupCandidateSource source,
    CleanupOperations operations,
    IContainerOperations containers,
    INetworkOperations networks,
    LaunchGate launchGate,
    IDbContextFactory<PortalDbContext> dbFactory,
    IAuditLog audit,
    TimeProvider timeProvider,
    ILogger<CleanupService> logger) : ICleanupService, IDisposable
{
    private const int MaxConfirmedItems = 10_000;

    // Two cleanups at once would plan against each other's half-done work.
    private readonly SemaphoreSlim _runGate = new(1, 1);

    public async Task<CleanupPlanResult> PlanAsync(Actor actor, CleanupRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        if (await RefuseAsync(actor, request, confirmedItemIds: null).ConfigureAwait(false) is { } error)
        {
            return new CleanupPlanResult(null, error);
        }

        try
        {
            var candidates = await source.ReadAsync(request.Targets, request.Scope, actor.UserName, cancellationToken).ConfigureAwait(false);
            var now = timeProvider.GetUtcNow();
            return new CleanupPlanResult(
                new CleanupPlan(request, now, CleanupPlanner.Eligible(candidates, request.OlderThanDays, now), CleanupDockerCommands.For(request, actor.UserName)),
                null);
        }
        catch (Exception ex) when (IsEngineFailure(ex))
        {
            return new CleanupPlanResult(null, EngineError(ex));
        }
    }

    public async Task<CleanupRunResult> ExecuteAsync(
        Actor actor,
        CleanupRequest request,
        IReadOnlyCollection<string> confirmedItemIds,
        IProgress<CleanupProgress>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(confirmedItemIds);
        if (await RefuseAsync(actor, request, confirmedItemIds).ConfigureAwait(false) is { } error)
        {
            return new CleanupRunResult(null, error);
        }

        return await RunAsync(actor, request, confirmedItemIds.Distinct(StringComparer.Ordinal).ToList(), progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The scheduled cleanup: everything eligible now, as <see cref="CleanupAuditActions.ScheduleActor"/>.</summary>
    internal Task<CleanupRunResult> RunScheduledAsync(CleanupRequest request, CancellationToken cancellationToken) =>
        RunAsync(new Actor(CleanupAuditActions.ScheduleActor, IsAdmin: true), request, confirmedItemIds: null, progress: null, cancellationToken);

    public void Dispose() => _runGate.Dispose();

    /// <param name="confirmedItemIds">The items the user confirmed, in their order; null for every eligible item (the schedule).</param>
    private async Task<CleanupRunResult> RunAsync(
        Actor actor,
        CleanupRequest request,
        IReadOnlyList<string>? confirmedItemIds,
        IProgress<CleanupProgress>? progress,
        CancellationToken cancellationToken)
    {
        await _runGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var startedAt = timeProvider.GetUtcNow();
            IReadOnlyList<CleanupCandidate> candidates;
            try
            {
                candidates = await source.ReadAsync(request.Targets, request.Scope, actor.UserName, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsEngineFailure(ex))
            {
                var engineError = EngineError(ex);
                await audit.WriteAsync(actor.UserName, CleanupAuditActions.Run, Describe(request), AuditOutcome.Failed, engineError.Message, CancellationToken.None).ConfigureAwait(false);
                return new CleanupRunResult(null, engineError);
            }

            var byId = candidates.ToDictionary(c => c.Item.Id, StringComparer.Ordinal);
            var ids = confirmedItemIds ?? CleanupPlanner.Eligible(candidates, request.OlderThanDays, startedAt).Select(i => i.Id).ToList();
            var removed = new List<CleanupItemOutcome>();
            var skipped = new List<CleanupItemOutcome>();
            var failed = new List<CleanupItemOutcome>();
            var ownersWithRemovedContainers = new HashSet<string>(StringComparer.Ordinal);
            for (var index = 0; index < ids.Count; index++)
            {
                var id = ids[index];
                var candidate = byId.GetValueOrDefault(id);
                progress?.Report(new CleanupProgress(index, ids.Count, candidate?.Item.Name ?? id));
                // Cancelling stops between items; one being removed is finished and audited (hence CancellationToken.None below).
                if (cancellationToken.IsCancellationRequested)
                {
                    skipped.Add(candidate is null
                        ? new CleanupItemOutcome(id, KindOf(id), id, null, 0, "the cleanup was cancelled before it got here")
                        : Outcome(candidate.Item, 0, "the cleanup was cancelled before it got here"));
                    continue;
                }

                if (candidate is null)
                {
                    skipped.Add(new CleanupItemOutcome(id, KindOf(id), id, null, 0, "it is no longer there, or not in this cleanup's scope"));
                    continue;
                }

                var item = candidate.Item;
                if (candidate.Refusal(request.OlderThanDays, timeProvider.GetUtcNow()) is { } refusal)
                {
                    skipped.Add(Outcome(item, 0, refusal));
                    await AuditItemAsync(actor, item, AuditOutcome.Refused, $"skipped: {refusal}").ConfigureAwait(false);
                    continue;
                }

                var outcome = await operations.RemoveAsync(candidate, CancellationToken.None).ConfigureAwait(false);
                switch (outcome.Status)
                {
                    case RemovalStatus.Removed:
                        removed.Add(Outcome(item, outcome.Bytes, null));
                        await AuditItemAsync(actor, item, AuditOutcome.Succeeded, Freed(item, outcome.Bytes)).ConfigureAwait(false);
                        await AfterRemovalAsync(candidate, ownersWithRemovedContainers).ConfigureAwait(false);
                        break;
                    case RemovalStatus.Skipped:
                        skipped.Add(Outcome(item, 0, outcome.Reason));
                        await AuditItemAsync(actor, item, AuditOutcome.Refused, $"skipped: {outcome.Reason}").ConfigureAwait(false);
                        break;
                    default:
                        failed.Add(Outcome(item, 0, outcome.Reason));
                        await AuditItemAsync(actor, item, AuditOutcome.Failed, outcome.Reason).ConfigureAwait(false);
                        break;
                }
            }

            progress?.Report(new CleanupProgress(ids.Count, ids.Count, null));
            foreach (var owner in ownersWithRemovedContainers)
            {
                await RemoveNetworkIfLastAsync(owner).ConfigureAwait(false);
            }

            var result = new CleanupResult(startedAt, timeProvider.GetUtcNow(), removed, skipped, failed);
            await audit.WriteAsync(
                actor.UserName,
                CleanupAuditActions.Run,
                Describe(request),
                failed.Count == 0 ? AuditOutcome.Succeeded : AuditOutcome.Failed,
                result.Summarize(),
                CancellationToken.None).ConfigureAwait(false);
            LogRun(logger, actor.UserName, removed.Count, result.ReclaimedBytes, skipped.Count, failed.Count);
            return new CleanupRunResult(result, null);
        }
        finally
        {
            _runGate.Release();
        }
    }

    private async Task<CleanupError?> RefuseAsync(Actor actor, CleanupRequest request, IReadOnlyCollection<string>? confirmedItemIds)
    {
        CleanupError? error = null;
        var (_, targetError) = CleanupTargets.Parse(request.Targets);
        if (targetError is not null)
        {
            error = CleanupError.Invalid("targets", targetError);
        }
        else if (request.OlderThanDays is < 0 or > CleanupRequest.MaxOlderThanDays)
        {
            error = CleanupError.Invalid("olderThanDays", $"Use 0 to {CleanupRequest.MaxOlderThanDays} days.");
        }
        else if (confirmedItemIds is { Count: 0 })
        {
            error = CleanupError.Invalid("items", "Name the items to remove: the ids from the preview you confirmed.");
        }
        else if (confirmedItemIds is { Count: > MaxConfirmedItems })
        {
            error = CleanupError.Invalid("items", $"At most {MaxConfirmedItems} items at once.");
        }
        else if (request.Scope == CleanupScope.All && !actor.IsAdmin)
        {
            error = new CleanupError(CleanupErrorCodes.Forbidden, "Only admins clean up everyone's items; use the scope \"mine\".");
        }

        if (error is not null && confirmedItemIds is not null)
        {
            await audit.WriteAsync(actor.UserName, CleanupAuditActions.Run, Describe(request), AuditOutcome.Refused, $"{error.Code}: {error.Message}", CancellationToken.None).ConfigureAwait(false);
        }

        return error;
    }

    /// <summary>An image that is gone needs no owner record; a user whose last container went loses their network too.</summary>
    private async Task AfterRemovalAsync(CleanupCandidate candidate, HashSet<string> ownersWithRemovedContainers)
    {
        switch (candidate.Item.Kind)
        {
            case CleanupItemKinds.Container when candidate.Item.Owner is { } owner:
                ownersWithRemovedContainers.Add(owner);
                break;
            case CleanupItemKinds.Image:
                var db = await dbFactory.CreateDbContextAsync(CancellationToken.None).ConfigureAwait(false);
                await using (db.ConfigureAwait(false))
                {
                    await db.ImageRecords.Where(r => r.ImageId == candidate.DockerId).ExecuteDeleteAsync(CancellationToken.None).ConfigureAwait(false);
                }

                break;
        }
    }

    /// <summary>Under the launch gate, as the container manager does it, so a launch about to use the network cannot lose it.</summary>
    private async Task RemoveNetworkIfLastAsync(string owner)
    {
        await launchGate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
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
        catch (Exception ex) when (IsEngineFailure(ex))
        {
            LogNetworkLeft(logger, owner, ex.GetBaseException().Message);
        }
        finally
        {
            launchGate.Release();
        }
    }

    private Task AuditItemAsync(Actor actor, CleanupItem item, string outcome, string? detail)
    {
        var owner = item.Owner is null ? "nobody's" : item.Owner == actor.UserName ? "own" : $"{item.Owner}'s";
        return audit.WriteAsync(
            actor.UserName,
            CleanupAuditActions.Remove,
            $"{item.Kind} {item.Name}",
            outcome,
            $"{detail}; {item.Target}; {owner}; {item.Id}",
            CancellationToken.None);
    }

    private static string Freed(CleanupItem item, long bytes) =>
        string.Create(CultureInfo.InvariantCulture, $"freed {CleanupText.Bytes(bytes)} ({bytes} bytes)") + (item.Since is null ? string.Empty : $", {item.Reason}");

    private static CleanupItemOutcome Outcome(CleanupItem item, long bytes, string? reason) =>
        new(item.Id, item.Kind, item.Name, item.Owner, bytes, reason);

    private static string KindOf(string id) => id.Split(':', 2)[0] switch
    {
        CleanupItemKinds.Container => CleanupItemKinds.Container,
        CleanupItemKinds.Image => CleanupItemKinds.Image,
        CleanupItemKinds.Volume => CleanupItemKinds.Volume,
        CleanupItemKinds.BuildCache => CleanupItemKinds.BuildCache,
        _ => "unknown",
    };

    private static string Describe(CleanupRequest request) =>
        string.Create(CultureInfo.InvariantCulture, $"{(request.Scope == CleanupScope.All ? "all" : "mine")}: {string.Join(",", request.Targets)} older than {request.OlderThanDays}d");

    private static bool IsEngineFailure(Exception ex) =>
        ex is global::Docker.DotNet.DockerApiException or HttpRequestException or IOException or TimeoutException or System.Net.Sockets.SocketException
        || (ex is TaskCanceledException && ex.InnerException is TimeoutException);

    private static CleanupError EngineError(Exception ex) =>
        new(CleanupErrorCodes.EngineError, "The Docker engine could not be read: " + ex.GetBaseException().Message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cleanup by {Actor}: removed {Removed} items ({Bytes} bytes), skipped {Skipped}, failed {Failed}")]
    private static partial void LogRun(ILogger logger, string actor, int removed, long bytes, int skipped, int failed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cleanup could not remove the network of {Owner}: {Error}")]
    private static partial void LogNetworkLeft(ILogger logger, string owner, string error);
}
