using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Engine.Audit;
using Portal.Engine.Containers;

namespace Portal.Engine.Terminals;

/// <summary>
/// Owns every terminal session of the portal. A background loop ends sessions whose container stopped (from the
/// state cache's event-driven snapshots) and sweeps for expired grace periods and idle sessions. When the
/// application begins stopping, every session is ended, so the web server's shutdown does not wait on open
/// sockets and no exec is left behind.
/// </summary>
internal sealed partial class TerminalManager : BackgroundService, ITerminalManager
{
    private readonly ITerminalExecOperations _execs;
    private readonly IContainerStateCache _cache;
    private readonly IAuditLog _audit;
    private readonly TerminalOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<TerminalManager> _logger;
    private readonly IHostApplicationLifetime? _lifetime;
    private readonly ConcurrentDictionary<string, TerminalSession> _sessions = new(StringComparer.Ordinal);
    // Opens in flight per user, so two tabs opening at once cannot both take the last free slot.
    private readonly Dictionary<string, int> _opening = new(StringComparer.Ordinal);
    // One task per session that records its end; shutdown waits for them so every close is audited.
    private readonly Dictionary<string, Task> _monitors = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private CancellationTokenRegistration _stoppingRegistration;
    private Task? _shutdown;

    public TerminalManager(
        ITerminalExecOperations execs,
        IContainerStateCache cache,
        IAuditLog audit,
        IOptions<TerminalOptions> options,
        TimeProvider timeProvider,
        ILogger<TerminalManager> logger,
        IHostApplicationLifetime? lifetime = null)
    {
        _execs = execs;
        _cache = cache;
        _audit = audit;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
        _lifetime = lifetime;
    }

    // An ended session stays in the map until its monitor has audited the close; it is gone for everyone else
    // the moment it ends, so a closed terminal never counts against the limit or answers a lookup.
    public IReadOnlyCollection<TerminalSession> Sessions => _sessions.Values.Where(s => !s.Completion.IsCompleted).ToList();

    public TerminalSession? Find(string sessionId) =>
        _sessions.GetValueOrDefault(sessionId) is { Completion.IsCompleted: false } session ? session : null;

    public async Task<TerminalOpenResult> OpenAsync(Actor actor, ContainerSummary container, string? command, TerminalSize? size, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(container);
        var user = actor.UserName;
        if (!container.IsRunning)
        {
            return TerminalOpenResult.Failed(TerminalErrorCodes.ContainerNotRunning, $"The container '{container.DisplayName}' is not running; start it to open a terminal.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (_shutdown is not null)
            {
                return ShuttingDown();
            }

            var held = _sessions.Values.Count(s => s.Owner == user && !s.Completion.IsCompleted) + _opening.GetValueOrDefault(user);
            if (held >= _options.MaxSessionsPerUser)
            {
                LogLimitReached(_logger, user, held);
                return Refuse(actor, container, TerminalErrorCodes.TooManySessions, $"You have {held} terminals open, the most allowed (Terminals:MaxSessionsPerUser); close one first.");
            }

            _opening[user] = _opening.GetValueOrDefault(user) + 1;
        }

        ITerminalProcess process;
        try
        {
            // Not cancelled half-way: an exec Docker started for a browser that left would run with nobody to end
            // it. Once started it becomes a session, which the grace period ends if nobody attaches.
            process = await _execs.StartAsync(container.Id, command, size, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            ReleaseOpening(user);
            var message = $"Docker could not start the terminal: {ex.GetBaseException().Message}";
            LogOpenFailed(_logger, container.ShortId, message);
            await AuditAsync(user, "terminal.open", container.DisplayName, AuditOutcome.Failed, message).ConfigureAwait(false);
            return TerminalOpenResult.Failed(TerminalErrorCodes.ExecFailed, message);
        }

        var session = new TerminalSession(Guid.NewGuid().ToString("N"), user, container, command, process, _options, _timeProvider, _logger);
        var attachment = session.Attach()!;
        lock (_gate)
        {
            ReleaseOpening(user);
            if (_shutdown is not null)
            {
                // Shutdown began while Docker was starting it: end it here, since shutdown no longer looks.
                session.Start(null);
                _ = session.EndAsync(TerminalEndReason.Shutdown);
                attachment.Dispose();
                return ShuttingDown();
            }

            _sessions[session.Id] = session;
            // The first size was set inside the exec's command (see TerminalExecOperations.WithInitialSize).
            session.Start(null);
            // Not awaited (and not run under this lock): the first prompt should not wait on a database write. The
            // close record waits for it, so the log never shows a close before its open; AuditAsync never throws.
            var opened = Task.Run(() => AuditAsync(user, "terminal.open", container.DisplayName, AuditOutcome.Succeeded, DescribeOpen(actor, container, session)));
            _monitors[session.Id] = MonitorAsync(session, opened);
        }

        LogOpened(_logger, ShortId(session.Id), user, container.ShortId, ShortId(session.ExecId));
        return TerminalOpenResult.Attached(attachment);
    }

    public TerminalOpenResult Reattach(Actor actor, ContainerSummary container, string sessionId)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(container);
        if (_sessions.TryGetValue(sessionId, out var session)
            && session.Owner == actor.UserName
            && session.ContainerId == container.Id
            && session.Attach() is { } attachment)
        {
            LogReattached(_logger, ShortId(session.Id), actor.UserName);
            return TerminalOpenResult.Attached(attachment);
        }

        return TerminalOpenResult.Failed(TerminalErrorCodes.SessionEnded, "That terminal session has ended (or is not yours); open a new one.");
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // ApplicationStopping fires before any hosted service or the web server stops: ending the sessions then
        // lets their sockets close with an exit message instead of holding the server's shutdown.
        if (_lifetime is not null)
        {
            _stoppingRegistration = _lifetime.ApplicationStopping.Register(() => BeginShutdown());
        }

        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        var shutdown = BeginShutdown();
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await shutdown.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public override void Dispose()
    {
        _stoppingRegistration.Dispose();
        base.Dispose();
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(EndSessionsOfStoppedContainersAsync(stoppingToken), SweepAsync(stoppingToken));

    /// <summary>How often grace periods and idle timeouts are checked: a quarter of the shorter one, within 0.1 to 5 seconds.</summary>
    internal static TimeSpan SweepInterval(TerminalOptions options)
    {
        var shortest = options.IdleTimeout is { } idle && idle < options.DetachedGrace ? idle : options.DetachedGrace;
        return TimeSpan.FromTicks(Math.Clamp(shortest.Ticks / 4, TimeSpan.FromMilliseconds(100).Ticks, TimeSpan.FromSeconds(5).Ticks));
    }

    private Task BeginShutdown()
    {
        lock (_gate)
        {
            return _shutdown ??= Task.Run(EndAllAsync);
        }
    }

    private async Task EndAllAsync()
    {
        var sessions = _sessions.Values.ToList();
        if (sessions.Count > 0)
        {
            LogEndingAll(_logger, sessions.Count);
        }

        await Task.WhenAll(sessions.Select(s => s.EndAsync(TerminalEndReason.Shutdown))).ConfigureAwait(false);
        Task[] monitors;
        lock (_gate)
        {
            monitors = [.. _monitors.Values];
        }

        await Task.WhenAll(monitors).ConfigureAwait(false);
    }

    private async Task EndSessionsOfStoppedContainersAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var snapshot in _cache.WatchAsync(stoppingToken).ConfigureAwait(false))
            {
                // While the engine is unreachable the snapshot says nothing about containers.
                if (!snapshot.IsConnected)
                {
                    continue;
                }

                _execs.Forget(snapshot.Containers.Keys.ToHashSet(StringComparer.Ordinal));

                foreach (var session in _sessions.Values)
                {
                    var running = snapshot.Containers.TryGetValue(session.ContainerId, out var container) && container.IsRunning;
                    // A snapshot older than the session cannot speak for it.
                    if (!running && session.StartedAt < snapshot.UpdatedAt)
                    {
                        _ = session.EndAsync(TerminalEndReason.ContainerStopped);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task SweepAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(SweepInterval(_options), _timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                var now = _timeProvider.GetUtcNow();
                foreach (var session in _sessions.Values)
                {
                    if (session.DetachedAt is { } detachedAt && now - detachedAt >= _options.DetachedGrace)
                    {
                        _ = session.EndAsync(TerminalEndReason.GraceExpired);
                    }
                    else if (_options.IdleTimeout is { } idle && now - session.LastActivity >= idle)
                    {
                        _ = session.EndAsync(TerminalEndReason.IdleTimeout);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Waits for the session to end, then forgets it and audits the close with its duration.</summary>
    private async Task MonitorAsync(TerminalSession session, Task opened)
    {
        // Runs after the caller registered this task (it holds the lock the finally needs).
        await Task.Yield();
        try
        {
            var exit = await session.Completion.ConfigureAwait(false);
            await opened.ConfigureAwait(false);
            _sessions.TryRemove(session.Id, out _);
            var duration = _timeProvider.GetUtcNow() - session.StartedAt;
            LogClosed(_logger, ShortId(session.Id), exit.ReasonName, exit.ExitCode, duration);
            var detail = string.Create(
                CultureInfo.InvariantCulture,
                $"session {ShortId(session.Id)}; {exit.ReasonName}; exit code {exit.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "unknown"}; duration {(int)duration.TotalHours}:{duration:mm\\:ss}");
            await AuditAsync(session.Owner, "terminal.close", session.ContainerName, AuditOutcome.Succeeded, detail).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            LogMonitorFailed(_logger, ShortId(session.Id), ex);
        }
        finally
        {
            lock (_gate)
            {
                _monitors.Remove(session.Id);
            }
        }
    }

    private TerminalOpenResult Refuse(Actor actor, ContainerSummary container, string code, string message)
    {
        // Audited without waiting: the caller holds the open lock. AuditAsync never throws.
        _ = AuditAsync(actor.UserName, "terminal.open", container.DisplayName, AuditOutcome.Refused, message);
        return TerminalOpenResult.Failed(code, message);
    }

    /// <summary>Writes an audit record; a failing audit log is logged, never turned into a broken terminal.</summary>
    private async Task AuditAsync(string user, string action, string target, string outcome, string detail)
    {
        try
        {
            await _audit.WriteAsync(user, action, target, outcome, detail, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            LogAuditFailed(_logger, action, ex);
        }
    }

    private static TerminalOpenResult ShuttingDown() =>
        TerminalOpenResult.Failed(TerminalErrorCodes.ShuttingDown, "The portal is shutting down; try again in a moment.");

    private void ReleaseOpening(string user)
    {
        lock (_gate)
        {
            if (_opening.GetValueOrDefault(user) <= 1)
            {
                _opening.Remove(user);
            }
            else
            {
                _opening[user]--;
            }
        }
    }

    private static string DescribeOpen(Actor actor, ContainerSummary container, TerminalSession session)
    {
        var detail = $"session {ShortId(session.Id)}; container {container.ShortId}; {session.Command ?? "default shell"}";
        return container.Owner is { } owner && owner != actor.UserName
            ? $"{detail}; as admin on {owner}'s container"
            : detail;
    }

    private static string ShortId(string id) => id.Length > 12 ? id[..12] : id;

    [LoggerMessage(Level = LogLevel.Information, Message = "Terminal {SessionId} opened by {User} in {ContainerId} (exec {ExecId})")]
    private static partial void LogOpened(ILogger logger, string sessionId, string user, string containerId, string execId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Terminal {SessionId} reattached by {User}")]
    private static partial void LogReattached(ILogger logger, string sessionId, string user);

    [LoggerMessage(Level = LogLevel.Information, Message = "Terminal {SessionId} closed: {Reason}, exit code {ExitCode}, after {Duration}")]
    private static partial void LogClosed(ILogger logger, string sessionId, string reason, long? exitCode, TimeSpan duration);

    [LoggerMessage(Level = LogLevel.Information, Message = "{User} holds {Held} terminals, the most allowed")]
    private static partial void LogLimitReached(ILogger logger, string user, int held);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not open a terminal in {ContainerId}: {Error}")]
    private static partial void LogOpenFailed(ILogger logger, string containerId, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ending {Count} terminal sessions: the portal is stopping")]
    private static partial void LogEndingAll(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Recording the end of terminal {SessionId} failed")]
    private static partial void LogMonitorFailed(ILogger logger, string sessionId, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Auditing {Action} failed")]
    private static partial void LogAuditFailed(ILogger logger, string action, Exception exception);
}
