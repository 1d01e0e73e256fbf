using Portal.Engine.Containers;

namespace Portal.Engine.Proxy;

/// <summary>Where a proxied request goes, or why it does not.</summary>
/// <param name="Status">The outcome.</param>
/// <param name="Container">The container, for every status but <see cref="ProxyTargetStatus.NotFound"/>.</param>
/// <param name="Destination">The published port as <c>http://127.0.0.1:PORT</c> when <see cref="ProxyTargetStatus.Ready"/>.</param>
public sealed record ProxyTarget(ProxyTargetStatus Status, ContainerSummary? Container, string? Destination)
{
    public static ProxyTarget NotFound { get; } = new(ProxyTargetStatus.NotFound, null, null);

    /// <summary>The container's proxy token (its label), or null for a container made before tokens or without ports.</summary>
    public string? Token => Container?.Labels.GetValueOrDefault(PortalLabels.ProxyToken);
}
