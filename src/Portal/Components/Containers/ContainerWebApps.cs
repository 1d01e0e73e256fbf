using System.Globalization;
using Portal.Engine.Containers;
using Portal.Proxy;

namespace Portal.Components.Containers;

/// <summary>The web apps a container offers through the proxy: one per published TCP port of a portal container.</summary>
public static class ContainerWebApps
{
    /// <summary>Ports the lab's apps conventionally use, named on their buttons.</summary>
    private static readonly Dictionary<int, string> KnownApps = new()
    {
        [8888] = "notebook",
        [6006] = "TensorBoard",
        [7860] = "Gradio",
        [8501] = "Streamlit",
    };

    /// <summary>The container ports the proxy can open (published, TCP), in order.</summary>
    public static IReadOnlyList<int> Ports(ContainerSummary container) =>
        container.IsManaged
            ? container.Ports
                .Where(p => p.HostPort is > 0 && string.Equals(p.Protocol, "tcp", StringComparison.OrdinalIgnoreCase))
                .Select(p => p.ContainerPort)
                .Distinct()
                .Order()
                .ToList()
            : [];

    /// <summary>Whether <paramref name="port"/> is a known app (its button is worth showing at the top of the page).</summary>
    public static bool IsKnownApp(int port) => KnownApps.ContainsKey(port);

    /// <summary>"Open notebook" for 8888, "Open TensorBoard" for 6006, "Open :8000" otherwise.</summary>
    public static string OpenLabel(int port) =>
        KnownApps.TryGetValue(port, out var app) ? "Open " + app : "Open :" + port.ToString(CultureInfo.InvariantCulture);

    /// <summary>The portal's link that opens the app (a ticket, then the proxy's origin).</summary>
    public static string OpenHref(ContainerSummary container, int port) => ProxyEntryEndpoints.OpenPath(container.ShortId, port);
}
