using System.Diagnostics;

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
}
