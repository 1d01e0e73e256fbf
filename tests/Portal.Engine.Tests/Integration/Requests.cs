using System.Globalization;
using Portal.Engine.Launch;

namespace Portal.Engine.Tests.Integration;

/// <summary>Launch requests the integration tests make: busybox containers that sleep, with or without GPUs.</summary>
internal static class Requests
{
    /// <summary>A bounded sleep, so a container a crashed run left behind still ends by itself.</summary>
    public static LaunchRequest Sleeper(string name, int gpus = 0, int seconds = 300) => new()
    {
        Name = name,
        Image = EngineEnvironment.ShellImage,
        Command = ["sleep", seconds.ToString(CultureInfo.InvariantCulture)],
        Gpus = gpus,
    };
}
