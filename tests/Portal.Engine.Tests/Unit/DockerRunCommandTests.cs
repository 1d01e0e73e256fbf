using System.Diagnostics;
using Portal.Engine.Gpus;
using Portal.Engine.Launch;
using Portal.Engine.Logs;

namespace Portal.Engine.Tests.Unit;

public sealed class DockerRunCommandTests
{
    private static readonly string[] TwoGpus = ["GPU-aaaa", "GPU-bbbb"];

    private static LaunchPlan Plan(int gpus = 0) => new(
        Owner: "alice",
        Name: "train",
        Image: "portal/python:latest",
        Command: [],
        Env: new Dictionary<string, string>(),
        Gpus: gpus,
        Cpus: 2,
        MemoryMiB: 4096,
        ShmSizeMiB: 2048,
        Ports: [],
        Workspace: false,
        AutoRemove: false);

    private static LaunchOptions Options() => new() { WorkspaceRoot = "/srv/ws" };

    private static string Render(LaunchPlan plan, IReadOnlyList<string>? devices = null, GpuBinding binding = GpuBinding.DeviceRequests, bool memlock = true, LaunchOptions? options = null) =>
        DockerRunCommand.Render(plan, "portal-alice-train", "portal-net-alice", devices ?? [], "/srv/ws/alice", options ?? Options(), binding, memlock);

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("device=GPU-1,GPU-2", "device=GPU-1,GPU-2")]
    [InlineData("127.0.0.1::8888", "127.0.0.1::8888")]
    [InlineData("/srv/ws/alice:/workspace", "/srv/ws/alice:/workspace")]
    [InlineData("a@b%c+d", "a@b%c+d")]
    [InlineData("", "''")]
    [InlineData("two words", "'two words'")]
    [InlineData("it's", "'it'\\''s'")]
    [InlineData("$HOME", "'$HOME'")]
    [InlineData("`id`", "'`id`'")]
    [InlineData("a;b", "'a;b'")]
    [InlineData("*", "'*'")]
    [InlineData("\"device=0,1\"", "'\"device=0,1\"'")]
    [InlineData("echo $NVIDIA_VISIBLE_DEVICES; sleep 300", "'echo $NVIDIA_VISIBLE_DEVICES; sleep 300'")]
    public void Quote_Argument_QuotesOnlyWhatTheShellWouldReadDifferently(string argument, string expected)
    {
        Assert.Equal(expected, DockerRunCommand.Quote(argument));
    }

    [Fact]
    public void Render_PublishedPorts_NameTheProxyTokenOnceWithoutAValue()
    {
        var withPorts = Render(Plan() with { Ports = [8888], Env = new Dictionary<string, string> { ["PORTAL_PROXY_TOKEN"] = "mine" } });
        var withoutPorts = Render(Plan() with { Env = new Dictionary<string, string> { ["PORTAL_PROXY_TOKEN"] = "mine" } });

        Assert.EndsWith(" -e PORTAL_PROXY_TOKEN portal/python:latest", withPorts, StringComparison.Ordinal);
        Assert.DoesNotContain("PORTAL_PROXY_TOKEN=", withPorts, StringComparison.Ordinal);
        Assert.Contains(" -e PORTAL_PROXY_TOKEN=mine ", withoutPorts, StringComparison.Ordinal);
        Assert.DoesNotContain(" -e PORTAL_PROXY_TOKEN ", withoutPorts, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_FullLaunch_IsTheWholeDockerRunInOrder()
    {
        var plan = Plan(gpus: 2) with
        {
            Command = ["sh", "-c", "echo hi; sleep 1"],
            Env = new Dictionary<string, string> { ["B"] = "two words", ["A"] = "1" },
            Cpus = 2.5,
            Ports = [8888, 6006],
            Workspace = true,
            AutoRemove = true,
        };
        var options = Options();
        options.SharedMounts.Add(new SharedMount { Source = "/data/sets", Target = "/datasets" });
        options.PidsLimit = 512;

        var rendered = Render(plan, TwoGpus, options: options);

        Assert.Equal(
            "docker run -d --rm --name portal-alice-train --network portal-net-alice"
            + " --gpus '\"device=GPU-aaaa,GPU-bbbb\"' -e NVIDIA_VISIBLE_DEVICES=GPU-aaaa,GPU-bbbb"
            + " --cpus 2.5 --memory 4096m --shm-size 2048m --pids-limit 512"
            + " --security-opt no-new-privileges --ulimit memlock=-1:-1"
            + " -p 127.0.0.1::8888 -p 127.0.0.1::6006"
            + " -v /srv/ws/alice:/workspace -v /data/sets:/datasets:ro"
            + " -e A=1 -e 'B=two words' -e PORTAL_PROXY_TOKEN"
            + " portal/python:latest sh -c 'echo hi; sleep 1'",
            rendered);
    }

    [Fact]
    public void Render_AnyLaunch_NeverAsksForPrivilegesDevicesOrHostNamespaces()
    {
        var rendered = Render(Plan(gpus: 2) with { Ports = [80], Workspace = true }, TwoGpus);

        Assert.Contains(" --security-opt no-new-privileges ", rendered, StringComparison.Ordinal);
        foreach (var forbidden in new[] { "--privileged", "--cap-add", "--device ", "--network host", "--network=host", "--pid ", "--pid=", "--ipc", "--uts", "--userns", "-p 0.0.0.0", "-P " })
        {
            Assert.DoesNotContain(forbidden, rendered, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Render_NoGpus_HidesEveryGpuWithVoid()
    {
        var rendered = Render(Plan(gpus: 0));

        Assert.Contains(" -e NVIDIA_VISIBLE_DEVICES=void ", rendered, StringComparison.Ordinal);
        Assert.DoesNotContain("--gpus", rendered, StringComparison.Ordinal);
        Assert.DoesNotContain("--runtime", rendered, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_NvidiaRuntime_UsesTheRuntimeAndTheVariable()
    {
        var rendered = Render(Plan(gpus: 2), TwoGpus, GpuBinding.NvidiaRuntime);

        Assert.Contains(" --runtime nvidia -e NVIDIA_VISIBLE_DEVICES=GPU-aaaa,GPU-bbbb ", rendered, StringComparison.Ordinal);
        Assert.DoesNotContain("--gpus", rendered, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_EnvironmentOnly_SetsOnlyTheVariable()
    {
        var rendered = Render(Plan(gpus: 2), TwoGpus, GpuBinding.EnvironmentOnly);

        Assert.Contains(" -e NVIDIA_VISIBLE_DEVICES=GPU-aaaa,GPU-bbbb ", rendered, StringComparison.Ordinal);
        Assert.DoesNotContain("--gpus", rendered, StringComparison.Ordinal);
        Assert.DoesNotContain("--runtime", rendered, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Preview_SaysThePortalPicksTheDevices()
    {
        var rendered = DockerRunCommand.Render(Plan(gpus: 2), "portal-alice-train", "portal-net-alice", null, "/srv/ws/alice", Options(), GpuBinding.DeviceRequests);

        Assert.Contains(" --gpus '\"device=<2 picked by the portal>\"' ", rendered, StringComparison.Ordinal);
        Assert.Contains(" -e 'NVIDIA_VISIBLE_DEVICES=<2 picked by the portal>' ", rendered, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_LogRotation_ShowsTheDriverAndItsLimits()
    {
        var rendered = DockerRunCommand.Render(Plan(), "portal-alice-train", "portal-net-alice", [], "/srv/ws/alice", Options(), GpuBinding.DeviceRequests, logRotation: new LogRotation("20m", 5));

        Assert.Contains(" --log-driver json-file --log-opt max-size=20m --log-opt max-file=5 ", rendered, StringComparison.Ordinal);
        Assert.DoesNotContain("--log-", Render(Plan()), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_MemlockDisabled_HasNoUlimit()
    {
        Assert.Contains("--ulimit memlock=-1:-1", Render(Plan(), memlock: true), StringComparison.Ordinal);
        Assert.DoesNotContain("--ulimit", Render(Plan(), memlock: false), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_NoWorkspaceNoPortsNoRemove_LeavesThemOut()
    {
        var rendered = Render(Plan());

        Assert.StartsWith("docker run -d --name portal-alice-train --network portal-net-alice ", rendered, StringComparison.Ordinal);
        Assert.DoesNotContain("/workspace", rendered, StringComparison.Ordinal);
        Assert.DoesNotContain(" -p ", rendered, StringComparison.Ordinal);
        Assert.DoesNotContain("--rm", rendered, StringComparison.Ordinal);
        Assert.EndsWith(" portal/python:latest", rendered, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_FractionalCpus_UsesInvariantDecimals()
    {
        Assert.Contains(" --cpus 0.125 ", Render(Plan() with { Cpus = 0.125 }), StringComparison.Ordinal);
        Assert.Contains(" --cpus 3 ", Render(Plan() with { Cpus = 3 }), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_TrickyArguments_AShellReadsBackExactlyTheArguments()
    {
        string[] command = ["sh", "-c", "echo \"$HOME\" 'quoted' `id`; exit 0", "it's", "", "*", "a\nb"];
        var plan = Plan() with
        {
            Command = command,
            Env = new Dictionary<string, string> { ["ODD"] = "it's $HOME; `id` \"q\" \\ *" },
        };
        var rendered = Render(plan);

        // The shell splits the rendered line into words; each word is printed followed by a NUL.
        var startInfo = new ProcessStartInfo("/bin/sh", ["-c", "for a in " + rendered + "; do printf '%s\\0' \"$a\"; done"])
        {
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(startInfo)!;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var output = await process.StandardOutput.ReadToEndAsync(cts.Token);
        await process.WaitForExitAsync(cts.Token);
        var words = output.Split('\0')[..^1];

        Assert.Equal(0, process.ExitCode);
        Assert.Equal(command, words[^command.Length..]);
        Assert.Contains("ODD=it's $HOME; `id` \"q\" \\ *", words);
    }
}
