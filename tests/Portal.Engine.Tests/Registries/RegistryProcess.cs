using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Portal.Engine.Tests.Registries;

/// <summary>
/// A Debian <c>docker-registry</c> (Distribution 2.8) of the test's own: a free port on 127.0.0.1, its own config and
/// storage in a temp folder, optionally htpasswd or token auth, deletes enabled or not. Disposing kills the process
/// and deletes the folder. dockerd treats 127.0.0.0/8 as insecure-allowed, so <c>docker push</c> to it works.
/// </summary>
public sealed class RegistryProcess : IAsyncDisposable
{
    private const string Binary = "/usr/bin/docker-registry";

    private const string InstanceHeader = "X-Portal-Test-Registry";

    private readonly Process _process;
    private readonly string _instance;
    private readonly StringBuilder _log = new();

    private RegistryProcess(string folder, int port, Process process, string instance)
    {
        Folder = folder;
        Port = port;
        _process = process;
        _instance = instance;
    }

    public string Folder { get; }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}";

    public string Host => $"127.0.0.1:{Port}";

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <param name="auth">The config's <c>auth:</c> block, indented by two spaces, or null for anonymous access.</param>
    public static async Task<RegistryProcess> StartAsync(CancellationToken cancellationToken, bool deletesEnabled = true, string? auth = null, string? folder = null)
    {
        folder ??= Directory.CreateTempSubdirectory("portal-registry-").FullName;
        // The free port is free when picked, not necessarily when the registry binds it (tests run side by side):
        // a registry that exits before it answers gets another port.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnceAsync(folder, deletesEnabled, auth, cancellationToken);
            }
            catch (RegistryExitedException) when (attempt < 3)
            {
                // The folder stays: it may hold what the caller put there (htpasswd, certificates).
            }
            catch
            {
                DeleteFolder(folder);
                throw;
            }
        }
    }

    private static async Task<RegistryProcess> StartOnceAsync(string folder, bool deletesEnabled, string? auth, CancellationToken cancellationToken)
    {
        var port = FreePort();
        // Sent with every answer, so that another test's registry that took the port is not mistaken for this one.
        var instance = Guid.NewGuid().ToString("N");
        var config = Path.Combine(folder, "config.yml");
        Directory.CreateDirectory(Path.Combine(folder, "data"));
        await File.WriteAllTextAsync(config, $"""
            version: 0.1
            log:
              level: warn
            storage:
              filesystem:
                rootdirectory: {folder}/data
              delete:
                enabled: {(deletesEnabled ? "true" : "false")}
            http:
              addr: 127.0.0.1:{port}
              headers:
                {InstanceHeader}: ["{instance}"]
            {(auth is null ? string.Empty : "auth:\n" + auth)}
            """, cancellationToken);

        var startInfo = new ProcessStartInfo(Binary) { RedirectStandardOutput = true, RedirectStandardError = true };
        startInfo.ArgumentList.Add("serve");
        startInfo.ArgumentList.Add(config);
        var process = Process.Start(startInfo) ?? throw new InvalidOperationException("docker-registry did not start.");
        var registry = new RegistryProcess(folder, port, process, instance);
        process.OutputDataReceived += (_, e) => registry.Append(e.Data);
        process.ErrorDataReceived += (_, e) => registry.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await registry.WaitUntilAnsweringAsync(cancellationToken);
            return registry;
        }
        catch
        {
            await registry.StopProcessAsync();
            throw;
        }
    }

    /// <summary>A registry with htpasswd auth that knows one user (bcrypt, as Distribution requires).</summary>
    public static async Task<RegistryProcess> StartWithPasswordAsync(string userName, string password, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("portal-registry-").FullName;
        var startInfo = new ProcessStartInfo("htpasswd") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "-Bbc", Path.Combine(folder, "htpasswd"), userName, password })
        {
            startInfo.ArgumentList.Add(argument);
        }

        using (var htpasswd = Process.Start(startInfo) ?? throw new InvalidOperationException("htpasswd did not start."))
        {
            await htpasswd.WaitForExitAsync(cancellationToken);
            if (htpasswd.ExitCode != 0)
            {
                throw new InvalidOperationException("htpasswd failed: " + await htpasswd.StandardError.ReadToEndAsync(cancellationToken));
            }
        }

        return await StartAsync(cancellationToken, auth: $"  htpasswd:\n    realm: portal-test\n    path: {folder}/htpasswd\n", folder: folder);
    }

    /// <summary>A port nothing listens on right now (for registries that must be unreachable, too).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await StopProcessAsync();
        DeleteFolder(Folder);
    }

    private async Task StopProcessAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }

        _process.Dispose();
    }

    private static void DeleteFolder(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // The OS cleans the temp folder.
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    private async Task WaitUntilAnsweringAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new RegistryExitedException($"docker-registry exited with {_process.ExitCode}: {Log}");
            }

            try
            {
                // Any answer of this registry (401 included) means it listens; another server on the port is not it.
                using var response = await http.GetAsync(new Uri(Url + "/v2/"), cancellationToken);
                if (response.Headers.TryGetValues(InstanceHeader, out var values) && values.Contains(_instance))
                {
                    return;
                }

                await Task.Delay(50, cancellationToken);
            }
            catch (HttpRequestException)
            {
                await Task.Delay(50, cancellationToken);
            }
        }
    }
}
