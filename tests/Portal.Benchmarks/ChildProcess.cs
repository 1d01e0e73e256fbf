using System.Diagnostics;
using System.Net;

namespace Portal.Benchmarks;

internal static class ChildProcess
{
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
}
