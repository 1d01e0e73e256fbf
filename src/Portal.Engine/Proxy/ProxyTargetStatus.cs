namespace Portal.Engine.Proxy;

/// <summary>Why a proxied request can or cannot go through.</summary>
public enum ProxyTargetStatus
{
    /// <summary>No such container, or the user may not open it: the same answer, so nothing leaks.</summary>
    NotFound,

    /// <summary>The user's container exists but does not run.</summary>
    NotRunning,

    /// <summary>The container runs but does not publish that port on the host.</summary>
    PortNotPublished,

    /// <summary>Forward to <see cref="ProxyTarget.Destination"/>.</summary>
    Ready,
}
