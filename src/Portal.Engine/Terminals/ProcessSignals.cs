using System.Runtime.InteropServices;

namespace Portal.Engine.Terminals;

/// <summary>
/// Signals for Docker exec processes. Docker has no API to end an exec, and closing its stream leaves the process
/// running, so the portal signals the exec's host pid itself, but only when that pid is provably a container's
/// process: visible in <c>/proc</c> and in another pid namespace than the portal's own. A portal that runs in a
/// container of its own sees its own processes under those numbers and must never signal them.
/// </summary>
internal static partial class ProcessSignals
{
    /// <summary>SIGHUP: the terminal hung up. Shells pass it to their jobs and exit, as when an SSH connection drops.</summary>
    public const int Hangup = 1;

    /// <summary>SIGKILL, for a process that ignores the hang-up.</summary>
    public const int Kill = 9;

    /// <summary>True when <paramref name="pid"/> is a process in another pid namespace than the portal's (a container's).</summary>
    public static bool IsSignallable(long pid)
    {
        if (!OperatingSystem.IsLinux() || pid <= 1 || pid > int.MaxValue)
        {
            return false;
        }

        try
        {
            var target = new FileInfo($"/proc/{pid}/ns/pid").LinkTarget;
            var own = new FileInfo("/proc/self/ns/pid").LinkTarget;
            return target is not null && own is not null && !string.Equals(target, own, StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Gone, or not ours to inspect (then not ours to signal either).
            return false;
        }
    }

    /// <summary>Sends <paramref name="signal"/>; returns the errno on failure, 0 on success.</summary>
    public static int Send(long pid, int signal) =>
        SendSignal((int)pid, signal) == 0 ? 0 : Marshal.GetLastSystemError();

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int pid, int signal);
}
