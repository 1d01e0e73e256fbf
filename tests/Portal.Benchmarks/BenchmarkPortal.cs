using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Portal.Benchmarks;

/// <summary>
/// What every benchmark starts from: the real portal in a process of its own (own data folder, generated admin),
/// one member of its own with an API token, and a raw Docker client for the other side of the comparison. Disposing
/// removes whatever the run made, by label: the member's containers and network, and raw containers labelled with
/// <see cref="RunId"/>; then stops the portal and deletes the folder.
/// </summary>
internal sealed class BenchmarkPortal : IAsyncDisposable
{
    public const string OwnerLabel = "org.portal.owner";
    public const string TestRunLabel = "org.portal.test-run";

    private readonly List<HttpClient> _clients = [];
    private PortalProcess? _process;

    private BenchmarkPortal(string dataDirectory)
    {
        DataDirectory = dataDirectory;
        Docker = new DockerClientBuilder().WithEndpoint(new Uri("unix:///var/run/docker.sock")).Build();
    }

    /// <summary>Labels raw containers (<see cref="TestRunLabel"/>) so disposing finds them.</summary>
    public string RunId { get; } = "bench-" + Guid.NewGuid().ToString("N")[..12];

    public string DataDirectory { get; }

    public DockerClient Docker { get; }

    public Uri BaseAddress => Process.BaseAddress;

    /// <summary>The portal's web proxy origin (<c>Proxy:PublicUrl</c>).</summary>
    public Uri ProxyAddress { get; private set; } = null!;

    public string MemberName { get; private set; } = string.Empty;

    public string MemberToken { get; private set; } = string.Empty;

    /// <summary>The API as the member (bearer token).</summary>
    public HttpClient Member { get; private set; } = null!;

    public string MemberNetwork => "portal-net-" + MemberName;

    /// <summary>What the portal printed, for failure messages.</summary>
    public string Output => _process?.Output ?? string.Empty;

    /// <summary>The portal's process id, to read its memory.</summary>
    public int ProcessId => Process.ProcessId;

    private PortalProcess Process => _process ?? throw new InvalidOperationException("The portal is not started.");

    /// <summary>
    /// Starts the portal with <paramref name="settings"/> over the defaults every benchmark shares, then creates the
    /// member. <paramref name="settings"/> receives the data folder, for files the portal should read.
    /// </summary>
    public static async Task<BenchmarkPortal> StartAsync(
        string memberPrefix,
        Func<string, CancellationToken, Task<IReadOnlyDictionary<string, string>>> settings,
        CancellationToken cancellationToken)
    {
        var portal = new BenchmarkPortal(Directory.CreateTempSubdirectory("portal-bench-").FullName);
        try
        {
            await portal.StartPortalAsync(memberPrefix, await settings(portal.DataDirectory, cancellationToken), cancellationToken);
            return portal;
        }
        catch
        {
            await portal.DisposeAsync();
            throw;
        }
    }

    public HttpClient Client(string? token)
    {
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
        {
            BaseAddress = BaseAddress,
            Timeout = TimeSpan.FromSeconds(100),
        };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        _clients.Add(client);
        return client;
    }

    /// <summary>Launches a container as the member through the API and returns its id.</summary>
    public async Task<string> LaunchAsync(object request, CancellationToken cancellationToken)
    {
        using var launched = await Member.PostAsJsonAsync(new Uri("api/v1/containers", UriKind.Relative), request, cancellationToken);
        await EnsureAsync(launched, HttpStatusCode.Created, "launching a container for the benchmark", cancellationToken);
        using var json = JsonDocument.Parse(await launched.Content.ReadAsStringAsync(cancellationToken));
        return json.RootElement.GetProperty("id").GetString()!;
    }

    public static async Task EnsureAsync(HttpResponseMessage response, HttpStatusCode expected, string what, CancellationToken cancellationToken)
    {
        if (response.StatusCode != expected)
        {
            throw new InvalidOperationException($"{what}: expected {(int)expected}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await RemoveLeftoversAsync(cts.Token);
        }
        catch (Exception ex) when (ex is DockerApiException or HttpRequestException or OperationCanceledException)
        {
            await Console.Error.WriteLineAsync($"Clean-up was incomplete ({ex.Message}); look for containers labelled {TestRunLabel}={RunId} or {OwnerLabel}={MemberName}.");
        }

        foreach (var client in _clients)
        {
            client.Dispose();
        }

        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        Docker.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The OS cleans its temp folder.
        }
    }

    private async Task StartPortalAsync(string memberPrefix, IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken)
    {
        var adminPassword = Password();
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Portal__DataDirectory"] = Path.Combine(DataDirectory, "portal"),
            ["Portal__BootstrapAdmin__UserName"] = "admin",
            ["Portal__BootstrapAdmin__Password"] = adminPassword,
            ["Launch__StopTimeoutSeconds"] = "1",
            ["Logging__LogLevel__Default"] = "Warning",
            // A free port of its own for the web proxy, never the default 5081 a developer's portal may hold.
            ["Proxy__PublicUrl"] = $"http://127.0.0.1:{PortalProcess.FreePort()}",
        };
        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }

        ProxyAddress = new Uri(environment["Proxy__PublicUrl"] + "/");
        _process = await PortalProcess.StartAsync(environment, cancellationToken);

        var admin = Client(await TokenAsync("admin", adminPassword, cancellationToken));
        MemberName = memberPrefix + Guid.NewGuid().ToString("N")[..8];
        var password = Password();
        using (var created = await admin.PostAsJsonAsync(new Uri("api/v1/users", UriKind.Relative), new { userName = MemberName, password, role = "Member" }, cancellationToken))
        {
            await EnsureAsync(created, HttpStatusCode.Created, "creating the benchmark's member", cancellationToken);
        }

        MemberToken = await TokenAsync(MemberName, password, cancellationToken);
        Member = Client(MemberToken);
    }

    private async Task<string> TokenAsync(string userName, string password, CancellationToken cancellationToken)
    {
        var anonymous = Client(null);
        using var response = await anonymous.PostAsJsonAsync(new Uri("api/v1/auth/token", UriKind.Relative), new { userName, password, name = RunId }, cancellationToken);
        await EnsureAsync(response, HttpStatusCode.OK, $"signing in as {userName}", cancellationToken);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return json.RootElement.GetProperty("token").GetString()!;
    }

    private async Task RemoveLeftoversAsync(CancellationToken cancellationToken)
    {
        var filters = new List<string> { $"{TestRunLabel}={RunId}" };
        if (MemberName.Length > 0)
        {
            filters.Add($"{OwnerLabel}={MemberName}");
        }

        foreach (var filter in filters)
        {
            var containers = await Docker.Containers.ListContainersAsync(
                new ContainersListParameters
                {
                    All = true,
                    Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [filter] = true } },
                },
                cancellationToken);
            foreach (var container in containers)
            {
                await Docker.Containers.RemoveContainerAsync(container.ID, new ContainerRemoveParameters { Force = true }, cancellationToken);
            }
        }

        if (MemberName.Length > 0)
        {
            var networks = await Docker.Networks.ListNetworksAsync(
                new NetworksListParameters { Filters = new Dictionary<string, IDictionary<string, bool>> { ["name"] = new Dictionary<string, bool> { [MemberNetwork] = true } } },
                cancellationToken);
            foreach (var network in networks.Where(n => n.Name == MemberNetwork))
            {
                await Docker.Networks.DeleteNetworkAsync(network.ID, cancellationToken);
            }
        }
    }

    private static string Password() => "Bench-" + RandomNumberGenerator.GetHexString(24, lowercase: true);
}
