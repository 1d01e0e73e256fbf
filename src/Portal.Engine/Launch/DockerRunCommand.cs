using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Portal.Engine.Gpus;
using Portal.Engine.Logs;

namespace Portal.Engine.Launch;

/// <summary>
/// Renders the <c>docker run</c> command line equivalent to a launch, so lab members learn Docker from the
/// portal. It shows what the portal really sends, including the security settings it always adds.
/// </summary>
public static partial class DockerRunCommand
{
    /// <param name="plan">The launch.</param>
    /// <param name="dockerName">The container's Docker name.</param>
    /// <param name="networkName">The owner's network.</param>
    /// <param name="gpuDeviceIds">The leased devices, or null before they are picked (a preview).</param>
    /// <param name="workspaceHostPath">The owner's workspace folder on the host.</param>
    /// <param name="options">The launch settings (shared mounts, pids limit).</param>
    /// <param name="binding">How GPUs are handed to the container.</param>
    /// <param name="unlimitedMemlock">Whether memlock is raised to unlimited.</param>
    /// <param name="logRotation">The container's log rotation; left out of the command when null.</param>
    public static string Render(
        LaunchPlan plan,
        string dockerName,
        string networkName,
        IReadOnlyList<string>? gpuDeviceIds,
        string workspaceHostPath,
        LaunchOptions options,
        GpuBinding binding,
        bool unlimitedMemlock = true,
        LogRotation? logRotation = null)
    {
        var args = new List<string> { "docker", "run", "-d" };
        if (plan.AutoRemove)
        {
            args.Add("--rm");
        }

        args.AddRange(["--name", dockerName, "--network", networkName]);
        var devices = gpuDeviceIds is null
            ? $"<{plan.Gpus} picked by the portal>"
            : string.Join(',', gpuDeviceIds);
        if (plan.Gpus > 0)
        {
            switch (binding)
            {
                case GpuBinding.DeviceRequests:
                    args.AddRange(["--gpus", $"\"device={devices}\""]);
                    break;
                case GpuBinding.NvidiaRuntime:
                    args.AddRange(["--runtime", "nvidia"]);
                    break;
            }
        }

        args.AddRange(["-e", $"NVIDIA_VISIBLE_DEVICES={(plan.Gpus > 0 ? devices : "void")}"]);
        args.AddRange(["--cpus", plan.Cpus.ToString("0.###", CultureInfo.InvariantCulture)]);
        args.AddRange(["--memory", $"{plan.MemoryMiB}m", "--shm-size", $"{plan.ShmSizeMiB}m"]);
        args.AddRange(["--pids-limit", options.PidsLimit.ToString(CultureInfo.InvariantCulture)]);
        args.AddRange(["--security-opt", "no-new-privileges"]);
        if (unlimitedMemlock)
        {
            args.AddRange(["--ulimit", "memlock=-1:-1"]);
        }

        if (logRotation is not null)
        {
            args.AddRange(["--log-driver", LogRotation.Driver]);
            args.AddRange(["--log-opt", $"max-size={logRotation.MaxSize}"]);
            args.AddRange(["--log-opt", $"max-file={logRotation.MaxFiles.ToString(CultureInfo.InvariantCulture)}"]);
        }

        foreach (var port in plan.Ports)
        {
            args.AddRange(["-p", $"127.0.0.1::{port}"]);
        }

        if (plan.Workspace)
        {
            args.AddRange(["-v", $"{workspaceHostPath}:/workspace"]);
        }

        foreach (var mount in options.SharedMounts)
        {
            args.AddRange(["-v", $"{mount.Source}:{mount.Target}:ro"]);
        }

        // With published ports the portal gives the app a secret of its own, over any value the request set: it is
        // named without its value, so a copied line leaks nothing (docker then takes it from the caller's environment).
        var proxyToken = plan.Ports.Count > 0 ? Proxy.ProxyToken.EnvironmentVariable : null;
        foreach (var (key, value) in plan.Env.Where(e => e.Key != proxyToken).OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            args.AddRange(["-e", $"{key}={value}"]);
        }

        if (proxyToken is not null)
        {
            args.AddRange(["-e", proxyToken]);
        }

        args.Add(plan.Image);
        args.AddRange(plan.Command);
        return string.Join(' ', args.Select(Quote));
    }

    /// <summary>Quotes an argument for a POSIX shell, only where needed.</summary>
    public static string Quote(string argument)
    {
        if (argument.Length > 0 && SafeArgument().IsMatch(argument))
        {
            return argument;
        }

        var builder = new StringBuilder("'");
        builder.Append(argument.Replace("'", "'\\''", StringComparison.Ordinal));
        builder.Append('\'');
        return builder.ToString();
    }

    [GeneratedRegex(@"^[A-Za-z0-9_./:=,@%+-]+$")]
    private static partial Regex SafeArgument();
}
