namespace Portal.Engine.Terminals;

/// <summary>
/// One browser's hold on a session: the scrollback to replay, then the live output, and the way to type and
/// resize. A session has at most one attachment; a newer one takes over and this one's output ends with
/// <see cref="IsTakenOver"/> set. Disposing it detaches (the session keeps running for the grace period).
/// </summary>
public sealed class TerminalAttachment : IDisposable
{
    private readonly TerminalSession _session;
    private volatile bool _takenOver;

    internal TerminalAttachment(TerminalSession session, byte[] replay, bool isNewSession, int queueCapacity)
    {
        _session = session;
        Replay = replay;
        IsNewSession = isNewSession;
        Queue = new TerminalOutputQueue(queueCapacity);
    }

    public TerminalSession Session => _session;

    /// <summary>The scrollback as it was when this attachment began; empty for a new session. Live output continues exactly after it.</summary>
    public ReadOnlyMemory<byte> Replay { get; }

    /// <summary>True for the attachment that opened the session, false for a reattach.</summary>
    public bool IsNewSession { get; }

    /// <summary>Another browser attached to the session; this one's output ended.</summary>
    public bool IsTakenOver => _takenOver;

    internal TerminalOutputQueue Queue { get; }

    /// <summary>
    /// Reads live output into <paramref name="buffer"/>. Returns 0 when there is no more for this attachment: the
    /// session ended (see <see cref="TerminalSession.Exit"/>), another attachment took over, or this one detached.
    /// </summary>
    public ValueTask<int> ReadOutputAsync(Memory<byte> buffer, CancellationToken cancellationToken) =>
        Queue.ReadAsync(buffer, cancellationToken);

    /// <summary>Types into the terminal; ignored once this attachment is no longer the session's.</summary>
    public Task WriteInputAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        _session.WriteInputAsync(this, data, cancellationToken);

    /// <summary>Resizes the terminal; ignored once this attachment is no longer the session's.</summary>
    public Task ResizeAsync(TerminalSize size, CancellationToken cancellationToken) =>
        _session.ResizeAsync(this, size, cancellationToken);

    /// <summary>Ends the session now (the user closed it), rather than leaving it for the grace period.</summary>
    public Task CloseSessionAsync() => _session.CloseFromAsync(this);

    public void Dispose() => _session.Detach(this);

    internal void MarkTakenOver() => _takenOver = true;
}
