namespace Portal.Engine.Proxy;

/// <summary>
/// Resolves <c>/{containerId}/{port}</c> to the host port a container published, for one user, from the container
/// state cache (no engine call per request).
/// </summary>
public interface IProxyTargets
{
    /// <summary>
    /// The target for <paramref name="containerId"/> (the full 64-character id or the 12-character short id) and
    /// <paramref name="port"/> (a container port). Members reach their own portal containers only; admins reach any
    /// portal container. Everything else is <see cref="ProxyTargetStatus.NotFound"/>.
    /// </summary>
    ProxyTarget Resolve(string containerId, int port, string userName, bool isAdmin);
}
