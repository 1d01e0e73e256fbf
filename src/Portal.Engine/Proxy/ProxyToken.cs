using System.Security.Cryptography;

namespace Portal.Engine.Proxy;

/// <summary>
/// The per-container secret behind the web proxy. It is made at launch for every container that publishes ports,
/// kept in the container's <see cref="Containers.PortalLabels.ProxyToken"/> label (so the proxy finds it in the state
/// cache without a database read) and handed to the container as <see cref="EnvironmentVariable"/>.
/// </summary>
public static class ProxyToken
{
    /// <summary>The variable an app reads its token from, e.g. <c>--NotebookApp.token="$PORTAL_PROXY_TOKEN"</c>.</summary>
    public const string EnvironmentVariable = "PORTAL_PROXY_TOKEN";

    /// <summary>256 random bits as 64 lowercase hex characters: safe in a header, a label and a shell word.</summary>
    public static string Generate() => RandomNumberGenerator.GetHexString(64, lowercase: true);
}
