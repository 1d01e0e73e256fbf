namespace Portal.Proxy;

/// <summary>
/// What a ticket or the proxy's cookie says: this user may open this port of this container. Both are signed and
/// encrypted by ASP.NET Core Data Protection with their own purposes, so neither is ever read as the other nor as a
/// portal sign-in.
/// </summary>
/// <param name="UserName">Who opened it.</param>
/// <param name="IsAdmin">Whether they were an admin then (admins may open anyone's container; it is audited).</param>
/// <param name="ContainerId">The full Docker id.</param>
/// <param name="Port">The container port.</param>
/// <param name="PortalPage">The container's page on the portal, linked from the proxy's own pages.</param>
/// <param name="AppPath">Where in the app to land (relative, may be empty); tickets only.</param>
/// <param name="Nonce">Makes each ticket single-use; tickets only.</param>
public sealed record ProxyGrant(string UserName, bool IsAdmin, string ContainerId, int Port, string? PortalPage, string? AppPath = null, string? Nonce = null)
{
    /// <summary>The path the app is served under: <c>/{short id}/{port}</c>.</summary>
    public string PathBase => ProxyPaths.For(ContainerId, Port);
}
