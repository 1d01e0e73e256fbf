using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Containers;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Proxy;

/// <summary>
/// The real portal on Kestrel with its two addresses, as in production: the portal on one loopback port and the
/// proxy's origin (<c>Proxy:PublicUrl</c>) on another, so cookies, origins and WebSockets are the browser's real ones.
/// </summary>
public sealed class ProxyAppFactory : PortalAppFactory
{
    public ProxyAppFactory()
        : this(FreeLoopbackPort())
    {
    }

    private ProxyAppFactory(int proxyPort)
        : base(new Dictionary<string, string?> { ["Proxy:PublicUrl"] = $"http://127.0.0.1:{proxyPort}" })
    {
        ProxyAddress = new Uri($"http://127.0.0.1:{proxyPort}/");
        UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.Listen(IPAddress.Loopback, proxyPort);
        });
    }

    /// <summary>The proxy's origin, such as http://127.0.0.1:41234/.</summary>
    public Uri ProxyAddress { get; }

    /// <summary>The portal's own address (the other Kestrel address).</summary>
    public Uri PortalAddress =>
        Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Select(address => new Uri(address))
            .Single(address => address.Port != ProxyAddress.Port);

    public async Task StartAsync()
    {
        StartServer();
        await Services.GetRequiredService<IContainerStateCache>().WaitUntilConnectedAsync(TestTimeout.Token()).WithTimeout();
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
