using Docker.DotNet.Models;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Data;
using Portal.Engine.Containers;
using Portal.Engine.Docker;
using Portal.Engine.Tests.Gpus;

namespace Portal.Engine.Tests.Integration;

/// <summary>
/// What one portal keeps between restarts, for one test: a temp folder with the SQLite file, the workspace root and
/// a GPU capture, plus the users the test made up. The capture is the 8x V100S fixture with fresh UUIDs, so tests
/// running side by side on the one engine (and other portals on it) never see each other's devices.
/// Disposing stops every engine still running and removes what the test's users caused on the engine: their
/// containers (found by the owner label) and their <c>portal-net-USER</c> networks.
/// </summary>
public sealed class EngineEnvironment : IAsyncDisposable
{
    public const string ShellImage = "portal/shell:latest";

    private const string CaptureFile = "8x-tesla-v100s-pcie-32gb_460.73.01.xml";

    private static readonly string[] CaptureUuids =
    [
        "GPU-76098dc1-d3bc-9a1b-7ea6-f7b48837829e", "GPU-bbf7a241-bf9a-eb90-b2fb-d213294faf48",
        "GPU-8f75e71c-23dd-a060-d997-4caf592954db", "GPU-3181eb56-505c-8214-ba05-c132f68f89b8",
        "GPU-2aa87d54-d4ff-2900-812b-1a4b7e119583", "GPU-39c3a168-9034-0b5a-223a-1042f30a9242",
        "GPU-d2446f91-171e-1b54-515d-9d9b03484ddf", "GPU-1d955959-c95b-4f40-2cac-100d3006ffe2",
    ];

    private readonly Lock _gate = new();
    private readonly List<string> _users = [];
    private readonly List<EngineHost> _hosts = [];
    private readonly DockerConnection _docker = new(Options.Create(new DockerOptions()));

    /// <param name="settings">Configuration on top of the defaults here (a null value removes a key).</param>
    public EngineEnvironment(IReadOnlyDictionary<string, string?>? settings = null)
    {
        Folder = Directory.CreateTempSubdirectory("portal-engine-").FullName;
        WorkspaceRoot = Path.Combine(Folder, "ws");
        Directory.CreateDirectory(WorkspaceRoot);
        DatabasePath = Path.Combine(Folder, "portal.db");
        GpuFilePath = Path.Combine(Folder, "nvidia-smi.xml");

        var xml = File.ReadAllText(NvidiaSmiFixtures.XmlPath(CaptureFile));
        var deviceIds = new List<string>();
        foreach (var uuid in CaptureUuids)
        {
            var fresh = "GPU-" + Guid.NewGuid().ToString("D");
            Assert.Contains(uuid, xml, StringComparison.Ordinal);
            xml = xml.Replace(uuid, fresh, StringComparison.Ordinal);
            deviceIds.Add(fresh);
        }

        File.WriteAllText(GpuFilePath, xml);
        DeviceIds = deviceIds;
        Containers = new ContainerOperations(_docker, NullLogger<ContainerOperations>.Instance);

        Settings = new Dictionary<string, string?>
        {
            ["Gpus:Source"] = "File",
            ["Gpus:FilePath"] = GpuFilePath,
            ["Gpus:Binding"] = "EnvironmentOnly",
            ["Launch:WorkspaceRoot"] = WorkspaceRoot,
            // busybox sleep as PID 1 ignores SIGTERM: do not wait Docker's 10 s for it on every stop.
            ["Launch:StopTimeoutSeconds"] = "1",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                Settings.Remove(key);
            }
            else
            {
                Settings[key] = value;
            }
        }
    }

    public string Folder { get; }

    public string DatabasePath { get; }

    public string ConnectionString => $"Data Source={DatabasePath}";

    public string WorkspaceRoot { get; }

    public string GpuFilePath { get; }

    /// <summary>The capture's eight device UUIDs in GPU index order (the order the allocator picks them in).</summary>
    public IReadOnlyList<string> DeviceIds { get; }

    public Dictionary<string, string?> Settings { get; }

    /// <summary>Raw container operations on the engine, for checks that must not go through the portal.</summary>
    public IContainerOperations Containers { get; }

    /// <summary>A user name no other test (or run) uses: <c>t</c> and 8 hex digits. Its containers and network are removed on dispose.</summary>
    public string NewUser()
    {
        var name = "t" + Guid.NewGuid().ToString("N")[..8];
        lock (_gate)
        {
            _users.Add(name);
        }

        return name;
    }

    /// <summary>Builds and starts an engine on this environment; it is stopped on dispose unless the test stops it first.</summary>
    public async Task<EngineHost> StartEngineAsync(CancellationToken cancellationToken, Action<IServiceCollection>? configureServices = null)
    {
        var host = await EngineHost.StartAsync(this, configureServices, cancellationToken);
        lock (_gate)
        {
            _hosts.Add(host);
        }

        return host;
    }

    /// <summary>A context on the environment's database, as a person with a SQLite shell would have.</summary>
    public PortalDbContext CreateDbContext() => new(new DbContextOptionsBuilder<PortalDbContext>().UseSqlite(ConnectionString).Options);

    /// <summary>The user's portal containers on the engine, read from Docker, not from any portal.</summary>
    public Task<IReadOnlyList<ContainerSummary>> ContainersOfAsync(string user, CancellationToken cancellationToken) =>
        Containers.ListAsync(new Dictionary<string, string> { [PortalLabels.Owner] = user }, cancellationToken);

    public static string NetworkNameOf(string user) => "portal-net-" + user;

    public async Task<bool> NetworkExistsAsync(string user, CancellationToken cancellationToken) =>
        (await FindNetworksAsync(NetworkNameOf(user), cancellationToken)).Count > 0;

    public async ValueTask DisposeAsync()
    {
        List<EngineHost> hosts;
        List<string> users;
        lock (_gate)
        {
            hosts = [.. _hosts];
            users = [.. _users];
        }

        foreach (var host in hosts)
        {
            await host.DisposeAsync();
        }

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        foreach (var user in users)
        {
            foreach (var container in await ContainersOfAsync(user, cts.Token))
            {
                await Containers.RemoveAsync(container.Id, cts.Token);
            }

            foreach (var network in await FindNetworksAsync(NetworkNameOf(user), cts.Token))
            {
                await _docker.Client.Networks.DeleteNetworkAsync(network.ID, cts.Token);
            }
        }

        _docker.Dispose();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A workspace a container wrote as another user can resist; the OS cleans the temp folder.
        }
    }

    private async Task<IReadOnlyList<NetworkResponse>> FindNetworksAsync(string name, CancellationToken cancellationToken)
    {
        var networks = await _docker.Client.Networks.ListNetworksAsync(
            new NetworksListParameters
            {
                Filters = new Dictionary<string, IDictionary<string, bool>> { ["name"] = new Dictionary<string, bool> { [name] = true } },
            },
            cancellationToken);
        return networks.Where(n => n.Name == name).ToList();
    }
}
