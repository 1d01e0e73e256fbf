using Portal.Engine.Launch;
using Portal.Engine.Quotas;

namespace Portal.Engine.Tests.Unit;

public sealed class LaunchPolicyTests
{
    private const int HostCpus = 16;
    private const long HostMemoryMiB = 131072;

    private static readonly QuotaLimits Limits = new(
        MaxGpus: 2, MaxContainers: 5, MaxCpusPerContainer: 8, MaxMemoryMiBPerContainer: 65536, MaxShmMiBPerContainer: 16384, IsOverridden: false);

    private static LaunchRequest Valid => new() { Name = "train", Image = "portal/python" };

    private static LaunchOptions Options() => new()
    {
        AllowedImages = ["portal/*", "localhost:5000/*"],
        WorkspaceRoot = "/srv/portal/workspaces",
    };

    private static LaunchPolicyResult Evaluate(LaunchRequest request, QuotaLimits? limits = null, int hostCpus = HostCpus, long hostMemoryMiB = HostMemoryMiB) =>
        LaunchPolicy.Evaluate("alice", request, limits ?? Limits, Options(), hostCpus, hostMemoryMiB);

    private static LaunchError AssertRefused(LaunchPolicyResult result, string code)
    {
        Assert.Null(result.Plan);
        Assert.NotNull(result.Error);
        Assert.Equal(code, result.Error.Code);
        return result.Error;
    }

    private static void AssertInvalidField(LaunchPolicyResult result, string field)
    {
        var error = AssertRefused(result, LaunchErrorCodes.InvalidRequest);
        Assert.NotNull(error.FieldErrors);
        Assert.True(error.FieldErrors.ContainsKey(field), $"Expected a field error for '{field}', got: {string.Join(", ", error.FieldErrors.Keys)}");
        Assert.All(error.FieldErrors[field], message => Assert.False(string.IsNullOrWhiteSpace(message)));
    }

    [Fact]
    public void Evaluate_MinimalRequest_FillsEveryDefault()
    {
        var result = Evaluate(Valid);

        Assert.Null(result.Error);
        var plan = Assert.IsType<LaunchPlan>(result.Plan);
        Assert.Equal("alice", plan.Owner);
        Assert.Equal("train", plan.Name);
        Assert.Equal("portal/python:latest", plan.Image);
        Assert.Empty(plan.Command);
        Assert.Empty(plan.Env);
        Assert.Empty(plan.Ports);
        Assert.Equal(0, plan.Gpus);
        Assert.Equal(2048, plan.ShmSizeMiB);
        Assert.Equal(8, plan.Cpus);
        Assert.Equal(65536, plan.MemoryMiB);
        Assert.False(plan.Workspace);
        Assert.False(plan.AutoRemove);
    }

    [Fact]
    public void Evaluate_HostSmallerThanQuota_CapsDefaultCpusAndMemoryByTheHost()
    {
        var plan = Evaluate(Valid, hostCpus: 2, hostMemoryMiB: 4096).Plan;

        Assert.NotNull(plan);
        Assert.Equal(2, plan.Cpus);
        Assert.Equal(4096, plan.MemoryMiB);
    }

    [Fact]
    public void Evaluate_QuotaSmallerThanHost_CapsDefaultCpusMemoryAndShmByTheQuota()
    {
        var limits = Limits with { MaxCpusPerContainer = 1.5, MaxMemoryMiBPerContainer = 1024, MaxShmMiBPerContainer = 512 };

        var plan = Evaluate(Valid, limits).Plan;

        Assert.NotNull(plan);
        Assert.Equal(1.5, plan.Cpus);
        Assert.Equal(1024, plan.MemoryMiB);
        Assert.Equal(512, plan.ShmSizeMiB);
    }

    [Fact]
    public void Evaluate_HostUnknown_DefaultsToTheQuota()
    {
        var plan = Evaluate(Valid, hostCpus: 0, hostMemoryMiB: 0).Plan;

        Assert.NotNull(plan);
        Assert.Equal(8, plan.Cpus);
        Assert.Equal(65536, plan.MemoryMiB);
    }

    [Fact]
    public void Evaluate_EverythingWithinLimits_CarriesTheRequestIntoThePlan()
    {
        var request = Valid with
        {
            Name = " train-1.b_2 ",
            Image = "localhost:5000/alice/train:v1",
            Command = ["python", "-c", "print('hi')"],
            Env = new Dictionary<string, string> { ["BATCH"] = "32", ["_X"] = string.Empty },
            Gpus = 2,
            Cpus = 0.5,
            MemoryMiB = 6,
            ShmSizeMiB = 1,
            Ports = [8888, 6006],
            Workspace = true,
            AutoRemove = true,
        };

        var plan = Evaluate(request).Plan;

        Assert.NotNull(plan);
        Assert.Equal("train-1.b_2", plan.Name);
        Assert.Equal("localhost:5000/alice/train:v1", plan.Image);
        Assert.Equal(["python", "-c", "print('hi')"], plan.Command);
        Assert.Equal("32", plan.Env["BATCH"]);
        Assert.Equal(2, plan.Gpus);
        Assert.Equal(0.5, plan.Cpus);
        Assert.Equal(6, plan.MemoryMiB);
        Assert.Equal(1, plan.ShmSizeMiB);
        Assert.Equal([8888, 6006], plan.Ports);
        Assert.True(plan.Workspace);
        Assert.True(plan.AutoRemove);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Evaluate_NameMissing_IsInvalid(string? name)
    {
        AssertInvalidField(Evaluate(Valid with { Name = name }), "name");
    }

    [Theory]
    [InlineData("-train")]
    [InlineData(".train")]
    [InlineData("my train")]
    [InlineData("a/b")]
    [InlineData("tr$in")]
    [InlineData("träin")]
    public void Evaluate_NameInvalid_IsInvalid(string name)
    {
        AssertInvalidField(Evaluate(Valid with { Name = name }), "name");
    }

    [Fact]
    public void Evaluate_NameTooLong_IsInvalid()
    {
        Assert.NotNull(Evaluate(Valid with { Name = new string('a', LaunchPolicy.MaxNameLength) }).Plan);
        AssertInvalidField(Evaluate(Valid with { Name = new string('a', LaunchPolicy.MaxNameLength + 1) }), "name");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Evaluate_ImageMissing_IsInvalid(string? image)
    {
        AssertInvalidField(Evaluate(Valid with { Image = image }), "image");
    }

    [Theory]
    [InlineData("Portal/Shell")]
    [InlineData("portal/shell:")]
    [InlineData("portal//shell")]
    [InlineData("http://localhost:5000/shell")]
    [InlineData("portal/shell --privileged")]
    [InlineData("portal/shell@sha256:1234")]
    public void Evaluate_ImageInvalid_IsInvalid(string image)
    {
        AssertInvalidField(Evaluate(Valid with { Image = image }), "image");
    }

    [Theory]
    [InlineData("ubuntu")]
    [InlineData("docker.io/library/ubuntu:22.04")]
    [InlineData("portalx/shell")]
    [InlineData("localhost:5001/alice/train")]
    [InlineData("evil.example.com/portal/shell")]
    public void Evaluate_ImageNotOnTheAllowList_IsImageNotAllowed(string image)
    {
        var error = AssertRefused(Evaluate(Valid with { Image = image }), LaunchErrorCodes.ImageNotAllowed);
        Assert.Contains("allow-list", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("NVIDIA_VISIBLE_DEVICES", "all")]
    [InlineData("NVIDIA_DRIVER_CAPABILITIES", "all")]
    [InlineData("CUDA_VISIBLE_DEVICES", "0,1,2,3")]
    [InlineData("nvidia_visible_devices", "all")]
    [InlineData("NVIDIA_REQUIRE_CUDA", "cuda>=11")]
    public void Evaluate_GpuVisibilityVariableInEnv_IsPolicyViolation(string name, string value)
    {
        var request = Valid with { Gpus = 1, Env = new Dictionary<string, string> { ["OK"] = "1", [name] = value } };

        var error = AssertRefused(Evaluate(request), LaunchErrorCodes.PolicyViolation);

        Assert.Contains(name, error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.FieldErrors);
        Assert.Contains(error.FieldErrors["env"], message => message.Contains(name, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("1ABC")]
    [InlineData("A-B")]
    [InlineData("A B")]
    [InlineData("A=B")]
    [InlineData("")]
    public void Evaluate_BadEnvName_IsInvalid(string name)
    {
        AssertInvalidField(Evaluate(Valid with { Env = new Dictionary<string, string> { [name] = "x" } }), "env");
    }

    [Fact]
    public void Evaluate_EnvValueWithNul_IsInvalid()
    {
        AssertInvalidField(Evaluate(Valid with { Env = new Dictionary<string, string> { ["A"] = "x\0y" } }), "env");
    }

    [Fact]
    public void Evaluate_NegativeGpus_IsInvalid()
    {
        AssertInvalidField(Evaluate(Valid with { Gpus = -1 }), "gpus");
    }

    [Fact]
    public void Evaluate_GpusOverQuota_IsQuotaExceeded()
    {
        Assert.NotNull(Evaluate(Valid with { Gpus = 2 }).Plan);

        var error = AssertRefused(Evaluate(Valid with { Gpus = 3 }), LaunchErrorCodes.QuotaExceeded);

        Assert.Contains("3 GPUs", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    public void Evaluate_CpusNotPositive_IsInvalid(double cpus)
    {
        AssertInvalidField(Evaluate(Valid with { Cpus = cpus }), "cpus");
    }

    [Fact]
    public void Evaluate_CpusMoreThanTheHost_IsInvalid()
    {
        var limits = Limits with { MaxCpusPerContainer = 64 };

        AssertInvalidField(Evaluate(Valid with { Cpus = HostCpus + 1 }, limits), "cpus");
        Assert.NotNull(Evaluate(Valid with { Cpus = HostCpus }, limits).Plan);
    }

    [Fact]
    public void Evaluate_CpusOverQuota_IsQuotaExceeded()
    {
        AssertRefused(Evaluate(Valid with { Cpus = 12 }), LaunchErrorCodes.QuotaExceeded);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(0)]
    [InlineData(-100)]
    public void Evaluate_MemoryBelowDockersMinimum_IsInvalid(int memoryMiB)
    {
        AssertInvalidField(Evaluate(Valid with { MemoryMiB = memoryMiB }), "memoryMiB");
    }

    [Fact]
    public void Evaluate_MemoryOverQuota_IsQuotaExceeded()
    {
        AssertRefused(Evaluate(Valid with { MemoryMiB = 65537 }), LaunchErrorCodes.QuotaExceeded);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Evaluate_ShmBelowOne_IsInvalid(int shmMiB)
    {
        AssertInvalidField(Evaluate(Valid with { ShmSizeMiB = shmMiB }), "shmSizeMiB");
    }

    [Fact]
    public void Evaluate_ShmOverQuota_IsQuotaExceeded()
    {
        AssertRefused(Evaluate(Valid with { ShmSizeMiB = 16385 }), LaunchErrorCodes.QuotaExceeded);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(65536)]
    public void Evaluate_PortOutOfRange_IsInvalid(int port)
    {
        AssertInvalidField(Evaluate(Valid with { Ports = [8888, port] }), "ports");
    }

    [Fact]
    public void Evaluate_DuplicatePort_IsInvalid()
    {
        AssertInvalidField(Evaluate(Valid with { Ports = [8888, 6006, 8888] }), "ports");
    }

    [Fact]
    public void Evaluate_MorePortsThanAllowed_IsInvalid()
    {
        var max = Options().MaxPortsPerContainer;

        Assert.NotNull(Evaluate(Valid with { Ports = [.. Enumerable.Range(8000, max)] }).Plan);
        AssertInvalidField(Evaluate(Valid with { Ports = [.. Enumerable.Range(8000, max + 1)] }), "ports");
    }

    [Fact]
    public void Evaluate_TooManyCommandArguments_IsInvalid()
    {
        AssertInvalidField(Evaluate(Valid with { Command = [.. Enumerable.Repeat("x", 257)] }), "command");
    }

    [Fact]
    public void Evaluate_CommandArgumentTooLong_IsInvalid()
    {
        Assert.NotNull(Evaluate(Valid with { Command = ["echo", new string('x', 8192)] }).Plan);
        AssertInvalidField(Evaluate(Valid with { Command = ["echo", new string('x', 8193)] }), "command");
    }

    [Fact]
    public void Evaluate_CommandWithNul_IsInvalid()
    {
        AssertInvalidField(Evaluate(Valid with { Command = ["echo", "a\0b"] }), "command");
    }

    [Fact]
    public void Evaluate_SeveralProblems_ReportsEveryFieldAtOnce()
    {
        var result = Evaluate(new LaunchRequest { Name = "", Image = "Not An Image", Gpus = -1, Cpus = 0, Ports = [0] });

        var error = AssertRefused(result, LaunchErrorCodes.InvalidRequest);
        Assert.NotNull(error.FieldErrors);
        Assert.Equal(["cpus", "gpus", "image", "name", "ports"], error.FieldErrors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Evaluate_InvalidAndForbidden_ReportsTheInvalidFieldsFirst()
    {
        // A request that is malformed is answered 400 before the policy looks at what it asks for.
        var request = Valid with { Name = "bad name", Env = new Dictionary<string, string> { ["NVIDIA_VISIBLE_DEVICES"] = "all" } };

        AssertInvalidField(Evaluate(request), "name");
    }

    [Fact]
    public void Evaluate_ForbiddenVariableAndForbiddenImage_IsPolicyViolation()
    {
        var request = Valid with { Image = "ubuntu", Env = new Dictionary<string, string> { ["CUDA_VISIBLE_DEVICES"] = "0" } };

        AssertRefused(Evaluate(request), LaunchErrorCodes.PolicyViolation);
    }

    [Theory]
    [InlineData("NVIDIA_VISIBLE_DEVICES", true)]
    [InlineData("NVIDIA_DRIVER_CAPABILITIES", true)]
    [InlineData("Nvidia_Anything", true)]
    [InlineData("CUDA_VISIBLE_DEVICES", true)]
    [InlineData("GPU_DEVICE_ORDINAL", true)]
    [InlineData("CUDA_HOME", false)]
    [InlineData("MY_NVIDIA_TOKEN", false)]
    public void IsGpuVisibilityVariable_Name_TellsWhetherThePortalOwnsIt(string name, bool expected)
    {
        Assert.Equal(expected, LaunchPolicy.IsGpuVisibilityVariable(name));
    }
}
