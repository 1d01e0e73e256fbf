using System.Diagnostics;
using System.Globalization;

namespace Portal.Benchmarks;

/// <summary>Starts the relay as a child process of this benchmark on a free port; disposing kills it.</summary>
internal sealed class MinimalTerminalRelayProcess : IAsyncDisposable
{
    private readonly Process _process;

    private MinimalTerminalRelayProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static async Task<MinimalTerminalRelayProcess> StartAsync(CancellationToken cancellationToken)
    {
        var port = PortalProcess.FreePort();
        var startInfo = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardError = true };
        foreach (var argument in new[] { typeof(MinimalTerminalRelay).Assembly.Location, "terminal-relay", "--port", port.ToString(CultureInfo.InvariantCulture) })
        {
            startInfo.ArgumentList.Add(argument);
        }

        var relay = new MinimalTerminalRelayProcess(Process.Start(startInfo)!, new Uri($"http://127.0.0.1:{port}/"));
        try
        {
            using var client = new HttpClient { BaseAddress = relay.BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
            var deadline = Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    using var response = await client.GetAsync(new Uri("healthz", UriKind.Relative), cancellationToken);
                    if (response.IsSuccessStatusCode)
                    {
                        return relay;
                    }
                }
                catch (HttpRequestException) when (deadline.Elapsed < TimeSpan.FromSeconds(30) && !relay._process.HasExited)
                {
                }

                if (relay._process.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(30))
                {
                    throw new InvalidOperationException($"The minimal relay did not start: {await relay._process.StandardError.ReadToEndAsync(cancellationToken)}");
                }

                await Task.Delay(100, cancellationToken);
            }
        }
        catch
        {
            await relay.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
