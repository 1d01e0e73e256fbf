namespace Portal.Engine.Terminals;

/// <summary>
/// Browser terminals, bound from the <c>Terminals</c> section. Every size here is a bound on server memory per
/// session, so a flood of output or a forgotten tab costs a known amount and no more.
/// </summary>
public sealed class TerminalOptions
{
    public const string SectionName = "Terminals";

    /// <summary>
    /// How long a session whose browser went away keeps running, waiting to be reattached. Fractions are allowed
    /// (tests use seconds). Defaults to 15 minutes.
    /// </summary>
    public double DetachedGraceMinutes { get; set; } = 15;

    /// <summary>Output kept per session and replayed on reattach, in KiB. Defaults to 256.</summary>
    public int ScrollbackKiB { get; set; } = 256;

    /// <summary>Sessions one user may hold at once, attached or not. Defaults to 8.</summary>
    public int MaxSessionsPerUser { get; set; } = 8;

    /// <summary>
    /// A session with no input and no output for this long is ended, attached or not; 0 turns it off. Defaults to 240
    /// minutes.
    /// </summary>
    public double IdleTimeoutMinutes { get; set; } = 240;

    /// <summary>
    /// How often the WebSocket is pinged, so proxies see traffic on an idle terminal and a dead peer is noticed (and
    /// its session detached) within two intervals. Defaults to 20 seconds.
    /// </summary>
    public int HeartbeatSeconds { get; set; } = 20;

    /// <summary>
    /// Output waiting for a slow browser, in KiB. When it is full the session stops reading from Docker, so the
    /// process in the container blocks on its terminal instead of the portal buffering without end. Defaults to 512.
    /// </summary>
    public int OutputQueueKiB { get; set; } = 512;

    public TimeSpan DetachedGrace => TimeSpan.FromMinutes(DetachedGraceMinutes);

    /// <summary>The idle timeout, or null when it is off.</summary>
    public TimeSpan? IdleTimeout => IdleTimeoutMinutes > 0 ? TimeSpan.FromMinutes(IdleTimeoutMinutes) : null;

    public TimeSpan Heartbeat => TimeSpan.FromSeconds(HeartbeatSeconds);

    public int ScrollbackBytes => ScrollbackKiB * 1024;

    public int OutputQueueBytes => OutputQueueKiB * 1024;
}
