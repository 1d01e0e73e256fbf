using System.Diagnostics;
using System.Net;

namespace Portal.Benchmarks;

internal static class ChildProcess
{
    /// <summary>
    /// Starts a shell that kills <paramref name="child"/> once the benchmark is gone without stopping it
    /// (<c>kill -9</c>, a crash): it waits on a pipe whose writing end only this process holds, and the kernel closes
    /// that end when the process dies. (Ctrl+C reaches the whole process group, the child included.) Stop both with
    /// <see cref="StopAsync(Process?, Process)"/>.
    /// </summary>
    public static Process StartWatchdog(Process child)
    {
        var startInfo = new ProcessStartInfo("sh") { UseShellExecute = false, RedirectStandardInput = true };
        startInfo.ArgumentList.Add("-c");
        startInfo.ArgumentList.Add($"cat >/dev/null; kill {child.Id} 2>/dev/null");
        var watchdog = Process.Start(startInfo) ?? throw new InvalidOperationException("sh did not start.");
        // Once the child has exited its pid may be reused: the watchdog must not outlive it.
        child.EnableRaisingEvents = true;
        child.Exited += (_, _) => TryKill(watchdog);
        return watchdog;
    }

    /// <summary>Stops the watchdog first (so it cannot fire at a reused pid), then the child, whatever the first did.</summary>
    public static async ValueTask StopAsync(Process? watchdog, Process child)
    {
        try
        {
            if (watchdog is not null)
            {
                await StopAsync(watchdog);
            }
        }
        finally
        {
            await StopAsync(child);
        }
    }

    /// <summary>Kills a process the benchmark started (and its children), waits a while for it, and disposes it.</summary>
    public static async ValueTask StopAsync(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                await process.WaitForExitAsync(wait.Token);
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or OperationCanceledException)
        {
            // Never started, or already gone.
        }
        finally
        {
            process.Dispose();
        }
    }

    /// <summary>
    /// Polls <c>/healthz</c> on <paramref name="baseAddress"/> until it answers 200, failing early when the process
    /// exits and after <paramref name="timeout"/>; <paramref name="output"/> goes into the error.
    /// </summary>
    public static async Task WaitUntilHealthyAsync(Process process, Uri baseAddress, string name, TimeSpan timeout, Func<string> output, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The {name} exited with {process.ExitCode} before /healthz answered.\n{output()}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri("healthz", UriKind.Relative), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                // Not listening yet.
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"The {name} was not healthy within {timeout.TotalSeconds:0} s.\n{output()}");
            }

            // Polling while the process starts, bounded by the timeout.
            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
    }

    private static void TryKill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already gone or disposed.
        }
    }
}
