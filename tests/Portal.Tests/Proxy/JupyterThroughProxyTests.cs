using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Proxy;

/// <summary>A real Jupyter Notebook, launched from the default template, used through the proxy as its owner's browser does.</summary>
[Collection(ProxyCollection.Name)]
public sealed class JupyterThroughProxyTests(ProxyFixture fixture)
{
    [Fact]
    public async Task Open_Owner_LandsInJupytersTreeWithoutAToken()
    {
        using var browser = await fixture.SignedInBrowserAsync(fixture.Alice);

        var app = await browser.OpenAsync(fixture.NotebookId, ProxyContainers.NotebookPort);
        using var tree = await browser.Client.GetAsync(browser.Proxy(app + "tree"));

        Assert.Equal($"/{fixture.NotebookId[..12]}/8888/", app);
        Assert.Equal(HttpStatusCode.OK, tree.StatusCode);
        var html = await tree.Content.ReadAsStringAsync();
        Assert.Contains("Jupyter Notebook", html, StringComparison.Ordinal);
        // Jupyter's links carry its base URL, which the template set to the proxy path.
        Assert.Contains($"data-base-url=\"/{fixture.NotebookId[..12]}/8888/\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ContentsApi_Owner_CreatesANotebook()
    {
        using var browser = await fixture.SignedInBrowserAsync(fixture.Alice);
        var app = await browser.OpenAsync(fixture.NotebookId, ProxyContainers.NotebookPort);

        using var created = await browser.Client.PostAsJsonAsync(browser.Proxy(app + "api/contents"), new { type = "notebook" });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var model = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("notebook", model.GetProperty("type").GetString());
        var path = model.GetProperty("path").GetString()!;
        Assert.EndsWith(".ipynb", path, StringComparison.Ordinal);
        using var read = await browser.Client.GetAsync(browser.Proxy(app + "api/contents/" + Uri.EscapeDataString(path)));
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        using var deleted = await browser.Client.DeleteAsync(browser.Proxy(app + "api/contents/" + Uri.EscapeDataString(path)));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
    }

    [Fact]
    public async Task KernelWebSocket_Owner_ExecutesOnePlusOne()
    {
        using var browser = await fixture.SignedInBrowserAsync(fixture.Alice);
        var app = await browser.OpenAsync(fixture.NotebookId, ProxyContainers.NotebookPort);
        using var started = await browser.Client.PostAsJsonAsync(browser.Proxy(app + "api/kernels"), new { name = "python3" });
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var kernelId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        try
        {
            var channels = new UriBuilder(browser.Proxy(app + $"api/kernels/{kernelId}/channels")) { Scheme = "ws" }.Uri;
            var cookies = browser.Cookies.GetCookieHeader(browser.Proxy(app));

            await using var kernel = await JupyterKernelSocket.ConnectAsync(channels, cookies, fixture.Factory.ProxyAddress.GetLeftPart(UriPartial.Authority));
            var result = await kernel.ExecuteAsync("1+1");

            Assert.Equal("2", result);
        }
        finally
        {
            using var stopped = await browser.Client.DeleteAsync(browser.Proxy(app + $"api/kernels/{kernelId}"));
        }
    }

    [Fact]
    public async Task Open_WithAnAppPath_LandsThere()
    {
        using var browser = await fixture.SignedInBrowserAsync(fixture.Alice);

        var app = await browser.OpenAsync(fixture.NotebookId, ProxyContainers.NotebookPort, "tree");

        Assert.Equal($"/{fixture.NotebookId[..12]}/8888/tree", app);
    }
}
