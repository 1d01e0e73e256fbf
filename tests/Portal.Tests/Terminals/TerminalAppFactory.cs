using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Containers;
using Portal.Engine.Terminals;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Terminals;

/// <summary>
/// The real portal on a real Kestrel port, so the terminal tests talk to it with <see cref="System.Net.WebSockets.ClientWebSocket"/>
/// over TCP: the upgrade's status codes, keep-alive and the back-pressure of a slow reader are the real ones, not
/// the in-memory test server's.
/// </summary>
public class TerminalAppFactory : PortalAppFactory
{
    public TerminalAppFactory()
        : this(new Dictionary<string, string?>())
    {
    }

    internal TerminalAppFactory(IReadOnlyDictionary<string, string?> settings)
        : base(settings)
    {
        UseKestrel(0);
    }

    public ITerminalManager Terminals => Services.GetRequiredService<ITerminalManager>();

    /// <summary>The address Kestrel listens on (http://127.0.0.1:PORT).</summary>
    public Uri Address
    {
        get
        {
            var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
            return new Uri(addresses.First());
        }
    }

    /// <summary>
    /// An API client over TCP to the Kestrel address (the factory's own clients point at the in-memory server's
    /// http://localhost, which does not exist here), with a bearer token when one is given.
    /// </summary>
    public HttpClient CreateTcpClient(string? token = null)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TestTimeout.Default };
        return token is null ? client : client.WithBearer(token);
    }

    /// <summary>Signs <paramref name="userName"/> in through <c>POST /api/v1/auth/token</c> and returns the token.</summary>
    public async Task<string> GetTokenAsync(string userName, string password)
    {
        using var client = CreateTcpClient();
        return await client.GetTokenAsync(userName, password);
    }

    /// <summary>Starts the server and waits until it has read its containers once.</summary>
    public async Task StartAsync()
    {
        StartServer();
        await Services.GetRequiredService<IContainerStateCache>().WaitUntilConnectedAsync(TestTimeout.Token()).WithTimeout();
    }
}
