using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Portal.Engine.Gpus;

/// <summary>
/// Runs nvidia-smi and returns what it printed. A hung driver can make nvidia-smi block for minutes, so every run has
/// a time limit after which the process (and anything it started) is killed; every failure becomes a
/// <see cref="GpuSourceException"/> whose message tells an operator what to do.
/// </summary>
internal sealed class NvidiaSmiRunner(string executable, TimeSpan timeout)
{
    private const int NoSuchFile = 2; // ENOENT
    private const int PermissionDenied = 13; // EACCES
    private const int MaxDetailLength = 500;
    private static readonly TimeSpan KillGrace = TimeSpan.FromSeconds(5);

    public string Executable => executable;

    /// <summary>Runs <see cref="Executable"/> with <paramref name="arguments"/> and returns its standard output.</summary>
    /// <exception cref="GpuSourceException">It could not start, timed out, or exited with a non-zero code.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; the process was killed.</exception>
    public async Task<string> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new GpuSourceException(DescribeStartFailure(ex), ex);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var standardOutput = process.StandardOutput.ReadToEndAsync(deadline.Token);
        var standardError = process.StandardError.ReadToEndAsync(deadline.Token);
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            await Task.WhenAll(standardOutput, standardError).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await KillAsync(process).ConfigureAwait(false);
            await ObserveAsync(standardOutput, standardError).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            throw new GpuSourceException(
                $"{executable} did not finish within {timeout.TotalSeconds:0} s and was stopped; the driver may be hung (look for Xid errors in `dmesg`).");
        }

        var output = await standardOutput.ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            var detail = Summarize(await standardError.ConfigureAwait(false)) ?? Summarize(output) ?? "it printed nothing";
            throw new GpuSourceException($"{executable} {string.Join(' ', arguments)} exited with code {process.ExitCode}: {detail}");
        }

        return output;
    }

    private string DescribeStartFailure(Win32Exception ex)
    {
        const string Alternatives = "set Gpus:Source=None on a host without NVIDIA GPUs, or File for a demo.";
        var onPath = Path.GetFileName(executable) == executable;
        return ex.NativeErrorCode switch
        {
            NoSuchFile when onPath => $"{executable} was not found on PATH; install the NVIDIA driver, or {Alternatives}",
            NoSuchFile => $"{executable} does not exist; fix Gpus:NvidiaSmiPath, or {Alternatives}",
            PermissionDenied => $"{executable} cannot be run (permission denied); fix Gpus:NvidiaSmiPath or the file's permissions, or {Alternatives}",
            _ => $"{executable} could not be started: {ex.Message}. Check Gpus:NvidiaSmiPath, or {Alternatives}",
        };
    }

    private static async Task KillAsync(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited between the deadline and the kill.
            return;
        }

        // Reap it, so a timed-out nvidia-smi does not linger as a zombie.
        using var grace = new CancellationTokenSource(KillGrace);
        try
        {
            await process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Killed but not reaped in time; the runtime reaps it when it goes.
        }
    }

    private static async Task ObserveAsync(params Task[] tasks)
    {
        try
        {
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // The reads were cancelled with the process; what they would have returned no longer matters.
        }
    }

    private static string? Summarize(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            return null;
        }

        var oneLine = string.Join(' ', trimmed.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return oneLine.Length <= MaxDetailLength ? oneLine : string.Concat(oneLine.AsSpan(0, MaxDetailLength), "…");
    }
}
