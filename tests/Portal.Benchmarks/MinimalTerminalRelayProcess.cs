using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Portal.Benchmarks;

/// <summary>
/// The <see cref="MinimalTerminalRelay"/> as a child process of this benchmark on a free loopback port. It ends when
/// disposed, and by itself when its standard input closes, so it cannot outlive a benchmark that was killed.
/// </summary>
internal sealed class MinimalTerminalRelayProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private readonly Process _process;
    private readonly StringBuilder _errors = new();
    private readonly Lock _errorsGate = new();

    private MinimalTerminalRelayProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    private string Errors
    {
        get
        {
            lock (_errorsGate)
            {
                return _errors.ToString();
            }
        }
    }

    public static async Task<MinimalTerminalRelayProcess> StartAsync(CancellationToken cancellationToken)
    {
        var port = PortalProcess.FreePort();
        var startInfo = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardInput = true, RedirectStandardError = true };
        foreach (var argument in new[] { typeof(MinimalTerminalRelay).Assembly.Location, "terminal-relay", "--port", port.ToString(CultureInfo.InvariantCulture) })
        {
            startInfo.ArgumentList.Add(argument);
        }

        var relay = new MinimalTerminalRelayProcess(new Process { StartInfo = startInfo }, new Uri($"http://127.0.0.1:{port}/"));
        relay._process.ErrorDataReceived += (_, e) =>
        {
            lock (relay._errorsGate)
            {
                relay._errors.AppendLine(e.Data);
            }
        };
        try
        {
            relay._process.Start();
            relay._process.BeginErrorReadLine();
            await ChildProcess.WaitUntilHealthyAsync(relay._process, relay.BaseAddress, "minimal relay", StartTimeout, () => relay.Errors, cancellationToken);
            return relay;
        }
        catch
        {
            await relay.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => ChildProcess.StopAsync(_process);
}
