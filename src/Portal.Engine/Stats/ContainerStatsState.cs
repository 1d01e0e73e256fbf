namespace Portal.Engine.Stats;

/// <summary>Where a container's stats stream stands.</summary>
public enum ContainerStatsState
{
    /// <summary>The stream is opening (no frame yet), or reconnecting after it broke (see the error).</summary>
    Waiting,

    /// <summary>Samples arrive about once a second.</summary>
    Running,

    /// <summary>The container does not run (Docker sends empty frames); the stream stays open and resumes when it starts.</summary>
    Stopped,

    /// <summary>The container is gone (removed), or the stream failed; see the error. Nothing more will come.</summary>
    Ended,
}
