using System.Net;
using Portal.Engine.Tests.Integration;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Proxy;

/// <summary>
/// One portal with its proxy, two members and an admin. Alice owns a real Jupyter (launched from the default
/// template), an HTTP echo app and an exited container; Bob owns nothing of hers. Tests open their own browsers.
/// </summary>
public sealed class ProxyFixture : IAsyncLifetime
{
    private static readonly TimeSpan AppStartTimeout = TimeSpan.FromSeconds(60);

    private HttpClient? _aliceApi;

    public ProxyAppFactory Factory { get; } = new();

    public string Alice { get; private set; } = string.Empty;

    public string Bob { get; private set; } = string.Empty;

    public string NotebookId { get; private set; } = string.Empty;

    public string EchoId { get; private set; } = string.Empty;

    public string ExitedId { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        await Factory.StartAsync();
        Alice = await Factory.CreateUserAsync("alice");
        Bob = await Factory.CreateUserAsync("bob");
        _aliceApi = new HttpClient { BaseAddress = Factory.PortalAddress, Timeout = TestTimeout.Default };
        _aliceApi.WithBearer(await _aliceApi.GetTokenAsync(Alice, ApiClientExtensions.MemberPassword));
        NotebookId = await ProxyContainers.LaunchNotebookFromTemplateAsync(_aliceApi);
        EchoId = await ProxyContainers.LaunchEchoAsync(_aliceApi);
        ExitedId = await ProxyContainers.LaunchExitedAsync(_aliceApi);

        // Both apps take a moment to listen; until then the proxy answers 502 with its own page.
        using var browser = await SignedInBrowserAsync(Alice);
        var notebook = await browser.OpenAsync(NotebookId, ProxyContainers.NotebookPort);
        var echo = await browser.OpenAsync(EchoId, ProxyContainers.EchoPort);
        foreach (var path in new[] { notebook + "api/status", echo + "ready" })
        {
            await Poll.UntilAsync(
                async () =>
                {
                    using var response = await browser.Client.GetAsync(browser.Proxy(path));
                    return response.StatusCode;
                },
                status => status == HttpStatusCode.OK,
                AppStartTimeout,
                $"{path} answering through the proxy",
                TestTimeout.Token());
        }
    }

    /// <summary>A browser signed in to the portal as <paramref name="userName"/> (members share one password).</summary>
    public async Task<ProxyBrowser> SignedInBrowserAsync(string userName)
    {
        var browser = new ProxyBrowser(Factory);
        try
        {
            await browser.SignInAsync(userName, userName == PortalAppFactory.AdminUserName ? PortalAppFactory.AdminPassword : ApiClientExtensions.MemberPassword);
            return browser;
        }
        catch
        {
            browser.Dispose();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        if (_aliceApi is not null)
        {
            foreach (var id in new[] { NotebookId, EchoId, ExitedId }.Where(id => id.Length > 0))
            {
                await ProxyContainers.RemoveAsync(_aliceApi, id);
            }

            _aliceApi.Dispose();
        }

        await Factory.DisposeAsync();
    }
}
