using System.Globalization;
using MudBlazor;
using Portal.Engine.Common;
using Portal.Engine.Containers;

namespace Portal.Components.Containers;

/// <summary>How containers read on the pages: state colours, uptime, ports and short device names.</summary>
public static class ContainerDisplay
{
    /// <summary>The colour of a Docker state, as <c>docker ps</c> readers expect: green running, grey exited, red dead.</summary>
    public static Color StateColor(string state) => state.ToLowerInvariant() switch
    {
        "running" => Color.Success,
        "restarting" or "paused" or "removing" => Color.Warning,
        "dead" => Color.Error,
        "created" => Color.Info,
        _ => Color.Default,
    };

    /// <summary>"Up 3 minutes" counted from the start time where known (so it keeps counting), else Docker's status words.</summary>
    public static string Uptime(ContainerSummary container, DateTimeOffset now) => container switch
    {
        { IsRunning: true, StartedAt: { } started } => "Up " + Durations.Humanize(now - started).ToLowerInvariant(),
        { State: "exited", FinishedAt: { } finished } =>
            string.Create(CultureInfo.InvariantCulture, $"Exited ({container.ExitCode ?? 0}) {Durations.Humanize(now - finished).ToLowerInvariant()} ago"),
        _ => container.Status,
    };

    /// <summary><c>127.0.0.1:49153 → 8888</c>, or only the container port while none is published (a stopped container).</summary>
    public static string Port(PortMapping port) => port.HostPort is { } hostPort
        ? string.Create(CultureInfo.InvariantCulture, $"{port.HostIp ?? "127.0.0.1"}:{hostPort} → {port.ContainerPort}")
        : string.Create(CultureInfo.InvariantCulture, $"{port.ContainerPort}/{port.Protocol}");

    /// <summary>The first block of a GPU or MIG UUID (<c>GPU-76098dc1</c>), which is what people compare; other ids as they are.</summary>
    public static string ShortDeviceId(string deviceId)
    {
        var dash = deviceId.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0 || !(deviceId.StartsWith("GPU-", StringComparison.Ordinal) || deviceId.StartsWith("MIG-", StringComparison.Ordinal)))
        {
            return deviceId;
        }

        var next = deviceId.IndexOf('-', dash + 1);
        return next < 0 ? deviceId : deviceId[..next];
    }
}
