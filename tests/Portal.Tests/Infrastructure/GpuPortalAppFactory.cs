using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Containers;
using Portal.Engine.Engine;
using Portal.Engine.Gpus;

namespace Portal.Tests.Infrastructure;

/// <summary>
/// A portal that reads its GPUs from a captured <c>nvidia-smi -q -x</c> of an 8x Tesla V100S host and hands them to
/// containers by <c>NVIDIA_VISIBLE_DEVICES</c> only, as the lab's GPU-less development and test hosts do.
/// </summary>
public sealed class GpuPortalAppFactory : PortalAppFactory
{
    public const int GpuCount = 8;

    public const string GpuName = "Tesla V100S-PCIE-32GB";

    public GpuPortalAppFactory()
        : base(Settings)
    {
    }

    /// <summary>The capture, from the engine tests' fixtures.</summary>
    public static string FixturePath { get; } = Path.Combine(
        RepositoryRoot.Path, "tests", "Portal.Engine.Tests", "Fixtures", "nvidia-smi", "xml", "8x-tesla-v100s-pcie-32gb_460.73.01.xml");

    /// <summary>
    /// Waits until the portal read its GPUs, its containers and the engine once, so a test starts from real state. (A
    /// launch before the engine's first check defaults to the quota's CPUs, not the host's, which Docker can refuse.)
    /// </summary>
    public async Task WaitUntilReadyAsync()
    {
        await Services.GetRequiredService<IEngineStatusMonitor>().CheckNowAsync(TestTimeout.Token()).WithTimeout();
        await Services.GetRequiredService<IGpuInventory>().RefreshAsync(TestTimeout.Token()).WithTimeout();
        await Services.GetRequiredService<IContainerStateCache>().WaitUntilConnectedAsync(TestTimeout.Token()).WithTimeout();
    }

    private static Dictionary<string, string?> Settings => new()
    {
        ["Gpus:Source"] = "File",
        ["Gpus:FilePath"] = FixturePath,
        ["Gpus:Binding"] = "EnvironmentOnly",
    };
}
