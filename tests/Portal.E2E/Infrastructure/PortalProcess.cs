using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Portal.E2E.Infrastructure;

/// <summary>
/// The real portal as a child process on a free loopback port, with its own empty data folder and a known
/// bootstrap admin password. Three ways to start it: the built Portal.dll, <c>dotnet run</c>, and a published folder.
/// Disposing kills the process tree and deletes the data folder.
/// </summary>
public sealed class PortalProcess : IAsyncDisposable
{
    public const string AdminUserName = "admin";

    /// <summary>The bootstrap admin's password, set through Portal__BootstrapAdmin__Password.</summary>
    public const string AdminPassword = "e2e-admin-Secret-42";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly ProcessOutput _output;
    private readonly string _dataDirectory;
    private readonly string _commandLine;

    private PortalProcess(Process process, ProcessOutput output, string dataDirectory, string commandLine, Uri baseAddress, Uri proxyAddress)
    {
        _process = process;
        _output = output;
        _dataDirectory = dataDirectory;
        _commandLine = commandLine;
        BaseAddress = baseAddress;
        ProxyAddress = proxyAddress;
    }

    /// <summary>Such as http://127.0.0.1:41234/.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The web proxy's origin (<c>Proxy:PublicUrl</c>), a free port of its own, such as http://127.0.0.1:41235/.</summary>
    public Uri ProxyAddress { get; }

    /// <summary>The portal's own data folder (its database, and the workspaces under <c>workspaces/</c>).</summary>
    public string DataDirectory => _dataDirectory;

    /// <summary>Everything the portal wrote to stdout and stderr so far (the last 2000 lines).</summary>
    public string Output => _output.ToString();

    /// <summary>
    /// Settings for a host without GPUs that behaves like one with eight: the inventory is read from a captured
    /// <c>nvidia-smi -q -x</c> of an 8x Tesla V100S host, and GPUs reach containers as <c>NVIDIA_VISIBLE_DEVICES</c> only.
    /// </summary>
    public static IReadOnlyDictionary<string, string> FileGpuEnvironment { get; } = new Dictionary<string, string>
    {
        ["Gpus__Source"] = "File",
        ["Gpus__FilePath"] = Path.Combine(RepositoryLayout.Root, "tests", "Portal.Engine.Tests", "Fixtures", "nvidia-smi", "xml", "8x-tesla-v100s-pcie-32gb_460.73.01.xml"),
        ["Gpus__Binding"] = "EnvironmentOnly",
    };

    /// <summary>Starts the built src/Portal/bin/{Configuration}/{TargetFramework}/Portal.dll from the repository root.</summary>
    /// <param name="environment">Extra environment variables (configuration such as <see cref="FileGpuEnvironment"/>); none by default.</param>
    public static Task<PortalProcess> StartBuiltAsync(IReadOnlyDictionary<string, string>? environment = null) =>
        StartAsync([RepositoryLayout.PortalDll], RepositoryLayout.Root, environment);

    /// <summary>Starts the portal as a developer does: <c>dotnet run --project src/Portal --no-build</c> from the repository root.</summary>
    public static Task<PortalProcess> StartWithDotnetRunAsync() =>
        StartAsync(
            ["run", "--project", Path.Combine("src", "Portal"), "--no-build", "--no-launch-profile", "-c", RepositoryLayout.Configuration, "--"],
            RepositoryLayout.Root);

    /// <summary>Starts <c>dotnet Portal.dll</c> inside a published folder, which is also the working directory.</summary>
    public static Task<PortalProcess> StartPublishedAsync(string publishDirectory) =>
        StartAsync([Path.Combine(publishDirectory, "Portal.dll")], publishDirectory);

    /// <summary>Runs <c>dotnet {arguments} --urls http://127.0.0.1:PORT</c> and waits until /healthz answers.</summary>
    /// <param name="arguments">What follows <c>dotnet</c>.</param>
    /// <param name="workingDirectory">The portal's working directory.</param>
    /// <param name="environment">Extra environment variables, set after the portal's own (data folder, bootstrap admin); none by default.</param>
    public static async Task<PortalProcess> StartAsync(IReadOnlyList<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("portal-e2e-data-").FullName;
        var port = FindFreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}/");
        // Never the default 5081: portals of parallel tests (and one a developer runs) would collide there.
        var proxyAddress = new Uri($"http://127.0.0.1:{FindFreePort()}/");
        var startInfo = ProcessRunner.CreateStartInfo(ProcessRunner.DotnetHost, [.. arguments, "--urls", baseAddress.ToString().TrimEnd('/')], workingDirectory);
        startInfo.Environment["Portal__DataDirectory"] = dataDirectory;
        startInfo.Environment["Portal__BootstrapAdmin__UserName"] = AdminUserName;
        startInfo.Environment["Portal__BootstrapAdmin__Password"] = AdminPassword;
        startInfo.Environment["Proxy__PublicUrl"] = proxyAddress.ToString().TrimEnd('/');
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        var output = new ProcessOutput();
        var process = new Process { StartInfo = startInfo };
        output.Attach(process);
        var commandLine = $"(cd {workingDirectory} && {startInfo.FileName} {string.Join(' ', startInfo.ArgumentList)})";
        output.Add("$ " + commandLine);

        var portal = new PortalProcess(process, output, dataDirectory, commandLine, baseAddress, proxyAddress);
        try
        {
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            await portal.WaitUntilHealthEndpointAnswersAsync();
            return portal;
        }
        catch
        {
            await portal.DisposeAsync();
            throw;
        }
    }

    /// <summary>An HTTP client for this portal that keeps no cookies and follows no redirects.</summary>
    public HttpClient CreateHttpClient() => new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
    {
        BaseAddress = BaseAddress,
        Timeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>The command line and the captured output, for failure messages.</summary>
    public string Describe() => $"Portal at {BaseAddress} started with {_commandLine}\n--- its output ---\n{Output}--- end of output ---";

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                await _process.WaitForExitAsync(cts.Token);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException)
        {
            // Already gone, or it did not end within the wait: nothing more can be done here.
        }
        finally
        {
            _process.Dispose();
            DeleteDataDirectory();
        }
    }

    private async Task WaitUntilHealthEndpointAnswersAsync()
    {
        using var client = CreateHttpClient();
        client.Timeout = TimeSpan.FromSeconds(5);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                // Let the output readers drain before reporting.
                await _process.WaitForExitAsync();
                throw new InvalidOperationException($"The portal exited with {_process.ExitCode} before /healthz answered.\n{Describe()}");
            }

            try
            {
                // Any answer will do: 503 means the portal runs but a dependency (the engine) is down, which tests report themselves.
                using var response = await client.GetAsync("healthz");
                return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                if (deadline.Elapsed > StartTimeout)
                {
                    throw new TimeoutException($"/healthz did not answer within {StartTimeout.TotalSeconds:0} s ({e.Message}).\n{Describe()}", e);
                }
            }

            // Polling interval while the process starts, not a wait for a result.
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
    }

    private void DeleteDataDirectory()
    {
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A temp folder that outlives the test is harmless; the OS cleans the temp folder.
        }
    }

    private static int FindFreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
