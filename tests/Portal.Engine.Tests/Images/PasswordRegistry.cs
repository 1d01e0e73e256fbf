using System.Diagnostics;
using System.Net;
using Portal.Engine.Tests.Integration;

namespace Portal.Engine.Tests.Images;

/// <summary>
/// A registry of the test's own (Debian's distribution 2.8) with htpasswd auth on a free loopback port, storage in
/// a temp folder. The engine treats 127.0.0.0/8 as insecure-allowed, so it pushes there over plain HTTP. Disposing
/// stops the process and deletes the folder.
/// </summary>
internal sealed class PasswordRegistry : IAsyncDisposable
{
    private readonly Process _process;
    private readonly DirectoryInfo _folder;

    private PasswordRegistry(Process process, DirectoryInfo folder, int port)
    {
        _process = process;
        _folder = folder;
        Port = port;
    }

    public const string UserName = "robot";

    public const string Password = "correct-horse-battery";

    public int Port { get; }

    public string Host => $"127.0.0.1:{Port}";

    public static async Task<PasswordRegistry> StartAsync(CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("portal-test-registry-");
        var htpasswd = await HostCommand.OutputOrErrorAsync("htpasswd", ["-Bbn", UserName, Password], cancellationToken);
        Assert.StartsWith(UserName + ":", htpasswd, StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(folder.FullName, "htpasswd"), htpasswd.Trim() + "\n", cancellationToken);
        var port = ImageCommitTests.ClosedPort();
        var config = Path.Combine(folder.FullName, "config.yml");
        await File.WriteAllTextAsync(
            config,
            $"""
            version: 0.1
            log:
              level: warn
            storage:
              filesystem:
                rootdirectory: {folder.FullName}/data
              delete:
                enabled: true
            http:
              addr: 127.0.0.1:{port}
            auth:
              htpasswd:
                realm: portal-test
                path: {folder.FullName}/htpasswd
            """,
            cancellationToken);
        var process = Process.Start(new ProcessStartInfo("/usr/bin/docker-registry") { ArgumentList = { "serve", config }, RedirectStandardOutput = true, RedirectStandardError = true })!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var registry = new PasswordRegistry(process, folder, port);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await Poll.UntilAsync(
            async () =>
            {
                try
                {
                    using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/v2/"), cancellationToken);
                    return response.StatusCode;
                }
                catch (HttpRequestException)
                {
                    return HttpStatusCode.ServiceUnavailable;
                }
            },
            status => status == HttpStatusCode.Unauthorized,
            TimeSpan.FromSeconds(30),
            "the test registry to ask for credentials",
            cancellationToken);
        return registry;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _folder.Delete(recursive: true);
    }
}
