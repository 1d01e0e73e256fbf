namespace Portal.Engine.Containers;

/// <summary>
/// Labels on every container, image and network the portal makes, so ownership, quotas and cleanup are
/// label queries rather than bookkeeping that can drift from what Docker holds.
/// </summary>
public static class PortalLabels
{
    public const string Prefix = "org.portal.";

    /// <summary>Marks an object as made by the portal.</summary>
    public const string Managed = Prefix + "managed";

    /// <summary>The owning user's name.</summary>
    public const string Owner = Prefix + "owner";

    /// <summary>The name the owner gave it (Docker's own name is derived from owner and name).</summary>
    public const string Name = Prefix + "name";

    /// <summary>A unique id of the portal object, stable across the Docker id changing on re-create.</summary>
    public const string PortalId = Prefix + "id";

    /// <summary>The GPU or MIG device ids the container was made for, comma-separated.</summary>
    public const string Gpus = Prefix + "gpus";

    /// <summary>
    /// The secret the web proxy sends as <c>Authorization: token ...</c> to the container's apps; the container also gets
    /// it as <c>PORTAL_PROXY_TOKEN</c> (Jupyter's <c>--NotebookApp.token</c>), so nobody copies tokens out of logs.
    /// </summary>
    public const string ProxyToken = Prefix + "proxy-token";

    /// <summary>Set by tests so that a test run can find and remove what it made.</summary>
    public const string TestRun = Prefix + "test-run";
}
