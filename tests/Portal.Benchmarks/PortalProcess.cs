using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Portal.Benchmarks;

/// <summary>
/// The real portal, started as the built <c>src/Portal/bin/{Configuration}/net10.0/Portal.dll</c> (as the E2E tier's
/// PortalProcess does) on a free loopback port. Disposing kills it (its caller deletes the data folder);
/// a watchdog kills it when the benchmark dies without disposing (<c>kill -9</c>, a crash).
/// </summary>
internal sealed class PortalProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _outputGate = new();
    private Process? _watchdog;

    private PortalProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public int ProcessId => _process.Id;

    /// <summary>What the portal printed, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_outputGate)
            {
                return _output.ToString();
            }
        }
    }

    /// <param name="settings">Configuration passed as environment variables (<c>Section__Key</c>).</param>
    public static async Task<PortalProcess> StartAsync(IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken)
    {
        var root = RepositoryRoot();
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // bin/<Configuration>/net10.0/
        var framework = new DirectoryInfo(AppContext.BaseDirectory).Name;
        var dll = Path.Combine(root, "src", "Portal", "bin", configuration, framework, "Portal.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} does not exist; build the solution first (scripts/bench.sh does).");
        }

        var baseAddress = new Uri($"http://127.0.0.1:{FreePort()}/");
        var startInfo = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        foreach (var argument in new[] { dll, "--urls", baseAddress.ToString().TrimEnd('/') })
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in settings)
        {
            startInfo.Environment[key] = value;
        }

        var process = new Process { StartInfo = startInfo };
        var portal = new PortalProcess(process, baseAddress);
        process.OutputDataReceived += (_, e) => portal.Append(e.Data);
        process.ErrorDataReceived += (_, e) => portal.Append(e.Data);
        try
        {
            process.Start();
            portal._watchdog = ChildProcess.StartWatchdog(process);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            await ChildProcess.WaitUntilHealthyAsync(process, baseAddress, "portal", StartTimeout, () => portal.Output, cancellationToken);
            return portal;
        }
        catch
        {
            await portal.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => ChildProcess.StopAsync(_watchdog, _process);

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_outputGate)
        {
            _output.AppendLine(line);
        }
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Portal.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No Portal.sln above {AppContext.BaseDirectory}.");
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
