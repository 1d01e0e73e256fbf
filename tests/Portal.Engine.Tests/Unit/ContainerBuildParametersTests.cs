using CreateContainerParameters = Docker.DotNet.Models.CreateContainerParameters;
using HostConfig = Docker.DotNet.Models.HostConfig;
using Portal.Engine.Containers;
using Portal.Engine.Gpus;
using Portal.Engine.Logs;

namespace Portal.Engine.Tests.Unit;

/// <summary><see cref="ContainerOperations.BuildParameters"/> is the one place create parameters are made: the security floor.</summary>
public sealed class ContainerBuildParametersTests
{
    private static readonly string[] TwoGpus = ["GPU-aaaa", "GPU-bbbb"];

    private static ContainerSpec Spec(IReadOnlyList<string>? gpus = null, GpuBinding binding = GpuBinding.DeviceRequests) => new()
    {
        Name = "train",
        Owner = "alice",
        Image = "portal/python:latest",
        PortalId = "0123456789abcdef0123456789abcdef",
        Command = ["python", "train.py"],
        Environment = new Dictionary<string, string>
        {
            ["BATCH"] = "32",
            ["NVIDIA_VISIBLE_DEVICES"] = "all",
            ["NVIDIA_DRIVER_CAPABILITIES"] = "all",
            ["nvidia_visible_devices"] = "all",
            ["CUDA_VISIBLE_DEVICES"] = "0,1,2,3,4,5,6,7",
        },
        NetworkName = "portal-net-alice",
        Cpus = 2.5,
        MemoryMiB = 4096,
        ShmSizeMiB = 2048,
        PidsLimit = 4096,
        Ports = [8888, 6006],
        Binds = ["/srv/ws/alice:/workspace"],
        GpuDeviceIds = gpus ?? TwoGpus,
        GpuBinding = binding,
        UnlimitedMemlock = true,
    };

    private static CreateContainerParameters Build(ContainerSpec spec)
    {
        var parameters = ContainerOperations.BuildParameters(spec);
        Assert.NotNull(parameters.HostConfig);
        Assert.NotNull(parameters.Env);
        Assert.NotNull(parameters.Labels);
        return parameters;
    }

    private static HostConfig HostOf(ContainerSpec spec) => Build(spec).HostConfig!;

    [Theory]
    [InlineData(GpuBinding.DeviceRequests)]
    [InlineData(GpuBinding.NvidiaRuntime)]
    [InlineData(GpuBinding.EnvironmentOnly)]
    public void BuildParameters_AnySpec_NeverPrivilegedNoCapabilitiesDevicesOrHostNamespaces(GpuBinding binding)
    {
        var host = HostOf(Spec(binding: binding));

        Assert.False(host.Privileged);
        Assert.False(host.PublishAllPorts);
        Assert.True(host.CapAdd is null || host.CapAdd.Count == 0);
        Assert.True(host.Devices is null || host.Devices.Count == 0);
        Assert.True(host.DeviceCgroupRules is null || host.DeviceCgroupRules.Count == 0);
        Assert.True(host.GroupAdd is null || host.GroupAdd.Count == 0);
        Assert.True(host.VolumesFrom is null || host.VolumesFrom.Count == 0);
        Assert.True(host.Mounts is null || host.Mounts.Count == 0);
        Assert.True(host.Sysctls is null || host.Sysctls.Count == 0);
        Assert.True(string.IsNullOrEmpty(host.PidMode));
        Assert.True(string.IsNullOrEmpty(host.IpcMode));
        Assert.True(string.IsNullOrEmpty(host.UTSMode));
        Assert.True(string.IsNullOrEmpty(host.UsernsMode));
        Assert.True(string.IsNullOrEmpty(host.CgroupnsMode));
        Assert.Equal("portal-net-alice", host.NetworkMode);
        Assert.Equal(["/srv/ws/alice:/workspace"], host.Binds);
    }

    [Fact]
    public void BuildParameters_AnySpec_AlwaysExactlyNoNewPrivileges()
    {
        var host = HostOf(Spec());

        Assert.Equal(["no-new-privileges"], host.SecurityOpt);
    }

    [Fact]
    public void BuildParameters_Ports_PublishedOnLoopbackOnlyAtAPortDockerPicks()
    {
        var parameters = Build(Spec());

        Assert.Equal(["6006/tcp", "8888/tcp"], parameters.HostConfig!.PortBindings.Keys.Order(StringComparer.Ordinal));
        Assert.All(parameters.HostConfig!.PortBindings.Values, bindings =>
        {
            var binding = Assert.Single(bindings);
            Assert.Equal("127.0.0.1", binding.HostIP);
            Assert.Equal(string.Empty, binding.HostPort);
        });
        Assert.NotNull(parameters.ExposedPorts);
        Assert.Equal(["6006/tcp", "8888/tcp"], parameters.ExposedPorts.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void BuildParameters_LeasedGpus_VisibleDevicesIsExactlyTheLeaseAndNvidiaVariablesAreStripped()
    {
        var env = Build(Spec()).Env;

        Assert.Equal(["BATCH=32", "NVIDIA_VISIBLE_DEVICES=GPU-aaaa,GPU-bbbb"], env);
    }

    [Fact]
    public void BuildParameters_NoGpus_VisibleDevicesIsVoid()
    {
        var parameters = Build(Spec(gpus: []));

        Assert.Equal(["BATCH=32", "NVIDIA_VISIBLE_DEVICES=void"], parameters.Env);
        Assert.True(parameters.HostConfig!.DeviceRequests is null || parameters.HostConfig!.DeviceRequests.Count == 0);
        Assert.True(string.IsNullOrEmpty(parameters.HostConfig!.Runtime));
        Assert.Equal(string.Empty, parameters.Labels[PortalLabels.Gpus]);
    }

    [Fact]
    public void BuildParameters_DeviceRequestsBinding_RequestsExactlyTheLeasedDevices()
    {
        var host = HostOf(Spec(binding: GpuBinding.DeviceRequests));

        var request = Assert.Single(host.DeviceRequests);
        Assert.Equal("nvidia", request.Driver);
        Assert.Equal(TwoGpus, request.DeviceIDs);
        Assert.Equal(["gpu"], Assert.Single(request.Capabilities));
        Assert.Equal(0, request.Count);
        Assert.True(string.IsNullOrEmpty(host.Runtime));
    }

    [Fact]
    public void BuildParameters_NvidiaRuntimeBinding_UsesTheRuntimeWithoutDeviceRequests()
    {
        var parameters = Build(Spec(binding: GpuBinding.NvidiaRuntime));

        Assert.Equal("nvidia", parameters.HostConfig!.Runtime);
        Assert.True(parameters.HostConfig!.DeviceRequests is null || parameters.HostConfig!.DeviceRequests.Count == 0);
        Assert.Contains("NVIDIA_VISIBLE_DEVICES=GPU-aaaa,GPU-bbbb", parameters.Env);
    }

    [Fact]
    public void BuildParameters_EnvironmentOnlyBinding_SetsOnlyTheVariable()
    {
        var parameters = Build(Spec(binding: GpuBinding.EnvironmentOnly));

        Assert.True(string.IsNullOrEmpty(parameters.HostConfig!.Runtime));
        Assert.True(parameters.HostConfig!.DeviceRequests is null || parameters.HostConfig!.DeviceRequests.Count == 0);
        Assert.Contains("NVIDIA_VISIBLE_DEVICES=GPU-aaaa,GPU-bbbb", parameters.Env);
    }

    [Fact]
    public void BuildParameters_Labels_ThePortalsOwnWinOverTheSpecs()
    {
        var spec = Spec() with
        {
            Labels = new Dictionary<string, string>
            {
                [PortalLabels.Owner] = "mallory",
                [PortalLabels.Gpus] = "all",
                [PortalLabels.PortalId] = "forged",
                [PortalLabels.TestRun] = "run-1",
            },
        };

        var labels = Build(spec).Labels;

        Assert.Equal("true", labels[PortalLabels.Managed]);
        Assert.Equal("alice", labels[PortalLabels.Owner]);
        Assert.Equal("train", labels[PortalLabels.Name]);
        Assert.Equal("0123456789abcdef0123456789abcdef", labels[PortalLabels.PortalId]);
        Assert.Equal("GPU-aaaa,GPU-bbbb", labels[PortalLabels.Gpus]);
        Assert.Equal("run-1", labels[PortalLabels.TestRun]);
    }

    [Fact]
    public void BuildParameters_NoPortalId_MakesAFreshOne()
    {
        var first = Build(Spec() with { PortalId = null }).Labels[PortalLabels.PortalId];
        var second = Build(Spec() with { PortalId = null }).Labels[PortalLabels.PortalId];

        Assert.True(Guid.TryParse(first, out _));
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void BuildParameters_Resources_ReachDockerInItsUnits()
    {
        var parameters = Build(Spec());

        Assert.Equal("portal-alice-train", parameters.Name);
        Assert.Equal("portal/python:latest", parameters.Image);
        Assert.Equal(["python", "train.py"], parameters.Cmd);
        Assert.Equal(2_500_000_000L, parameters.HostConfig!.NanoCPUs);
        Assert.Equal(4096L * 1024 * 1024, parameters.HostConfig!.Memory);
        Assert.Equal(2048L * 1024 * 1024, parameters.HostConfig!.ShmSize);
        Assert.Equal(4096L, parameters.HostConfig!.PidsLimit);
    }

    [Fact]
    public void BuildParameters_NoCommand_KeepsTheImagesOwn()
    {
        Assert.Null(Build(Spec() with { Command = [] }).Cmd);
        Assert.Null(Build(Spec() with { Command = null }).Cmd);
    }

    [Fact]
    public void BuildParameters_Memlock_UnlimitedOnlyWhenEnabled()
    {
        var enabled = HostOf(Spec() with { UnlimitedMemlock = true }).Ulimits;
        var disabled = HostOf(Spec() with { UnlimitedMemlock = false }).Ulimits;

        var memlock = Assert.Single(enabled);
        Assert.Equal("memlock", memlock.Name);
        Assert.Equal(-1, memlock.Soft);
        Assert.Equal(-1, memlock.Hard);
        Assert.True(disabled is null || disabled.Count == 0);
    }

    [Fact]
    public void BuildParameters_AutoRemove_IsPassedThrough()
    {
        Assert.True(HostOf(Spec() with { AutoRemove = true }).AutoRemove);
        Assert.False(HostOf(Spec()).AutoRemove);
    }

    [Fact]
    public void BuildParameters_NoNetwork_LeavesDockersDefaultBridge()
    {
        Assert.True(string.IsNullOrEmpty(HostOf(Spec() with { NetworkName = null }).NetworkMode));
    }

    [Fact]
    public void BuildParameters_AnySpec_RotatesTheLogWithTheDefaultLimits()
    {
        var log = HostOf(Spec()).LogConfig;

        Assert.NotNull(log);
        Assert.Equal("json-file", log.Type);
        Assert.Equal(new Dictionary<string, string> { ["max-size"] = "10m", ["max-file"] = "3" }, log.Config);
    }

    [Fact]
    public void BuildParameters_ConfiguredRotation_ReachesDocker()
    {
        var log = HostOf(Spec() with { LogRotation = new LogRotation("512k", 7) }).LogConfig!;

        Assert.Equal("json-file", log.Type);
        Assert.Equal(new Dictionary<string, string> { ["max-size"] = "512k", ["max-file"] = "7" }, log.Config);
    }
}
