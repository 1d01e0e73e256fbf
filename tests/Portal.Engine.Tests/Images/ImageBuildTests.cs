using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Entities;
using Portal.Engine.Audit;
using Portal.Engine.Containers;
using Portal.Engine.Images;
using Portal.Engine.Launch;
using Portal.Engine.Quotas;
using Portal.Engine.Tests.Integration;

namespace Portal.Engine.Tests.Images;

/// <summary>Builds on the real engine with the classic builder: uploaded tar and zip contexts, the live log, and failures that leave nothing.</summary>
public sealed class ImageBuildTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(180);

    [Fact]
    public async Task Build_FromUploadedTar_LogsEachStepAndTheImageHasTheFile()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var kit = new ImageTestKit();
        await using var env = new EngineEnvironment(ImageEngine.QuietSettings);
        var engine = await env.StartEngineAsync(cts.Token);
        var alice = new Actor(env.NewUser(), IsAdmin: false);
        var reference = kit.LabName(alice.UserName, "built-from-tar");
        var dockerfile = $"FROM {EngineEnvironment.ShellImage}\nCOPY greeting.txt /greeting.txt\nRUN echo \"read: $(cat /greeting.txt)\"\n";
        using var context = ContextArchives.Tar(new Dictionary<string, string> { ["greeting.txt"] = "hello from a tar" });
        var progress = new ImageProgress();

        var result = await engine.Images().BuildAsync(alice, new ImageBuildRequest(dockerfile, reference, context), progress, cts.Token);

        Assert.True(result.Succeeded, result.Error?.Message);
        var log = progress.Current.Log;
        Assert.Contains(log, line => line.StartsWith("Step 2/3 : COPY greeting.txt /greeting.txt", StringComparison.Ordinal));
        Assert.Contains(log, line => line.Contains("read: hello from a tar", StringComparison.Ordinal));
        Assert.Equal("hello from a tar", await kit.RunInAsync(reference, "cat /greeting.txt", cts.Token));
        var record = await env.RecordAsync(result.ImageId!, cts.Token);
        Assert.Equal((alice.UserName, ImageSources.Build), (record!.Owner, record.Source));
        var history = await engine.Images().GetHistoryAsync(reference, cts.Token);
        Assert.Contains(history!, layer => layer.CreatedBy.Contains("COPY file:", StringComparison.Ordinal));
        Assert.Equal(history![0].Id, result.ImageId);
        Assert.Contains(await engine.AuditAsync(alice.UserName, "image.build", cts.Token), e => e.Outcome == AuditOutcome.Succeeded && e.Target == reference);
    }

    [Fact]
    public async Task Build_RunSteps_HaveTheUsersContainerMemoryLimit()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var kit = new ImageTestKit();
        await using var env = new EngineEnvironment(ImageEngine.QuietSettings);
        var engine = await env.StartEngineAsync(cts.Token);
        var alice = new Actor(env.NewUser(), IsAdmin: false);
        var limits = await engine.Services.GetRequiredService<IQuotaService>().GetLimitsAsync(alice.UserName, cts.Token);
        var reference = kit.LabName(alice.UserName, "limited");
        // cgroup v1 names the limit memory.limit_in_bytes, v2 memory.max: a RUN step records what it ran under.
        var dockerfile = $"FROM {EngineEnvironment.ShellImage}\nRUN cat /sys/fs/cgroup/memory/memory.limit_in_bytes /sys/fs/cgroup/memory.max 2>/dev/null > /limit; true\n";

        var result = await engine.Images().BuildAsync(alice, new ImageBuildRequest(dockerfile, reference), null, cts.Token);

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal((limits.MaxMemoryMiBPerContainer * 1024L * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture), (await kit.RunInAsync(reference, "cat /limit", cts.Token)).Trim());
    }

    [Fact]
    public async Task Build_FromUploadedZip_ConvertsItToATarContext()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var kit = new ImageTestKit();
        await using var env = new EngineEnvironment(ImageEngine.QuietSettings);
        var engine = await env.StartEngineAsync(cts.Token);
        var alice = new Actor(env.NewUser(), IsAdmin: false);
        var reference = kit.LabName(alice.UserName, "built-from-zip");
        var dockerfile = $"FROM {EngineEnvironment.ShellImage}\nCOPY app /app\n";
        using var context = ContextArchives.Zip(new Dictionary<string, string> { ["app/run.sh"] = "echo zipped", ["Dockerfile"] = "FROM scratch-is-not-used" });

        var result = await engine.Images().BuildAsync(alice, new ImageBuildRequest(dockerfile, reference, context), null, cts.Token);

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal("zipped", (await kit.RunInAsync(reference, "sh /app/run.sh", cts.Token)).Trim());
    }

    [Fact]
    public async Task Build_MalformedDockerfile_NamesTheLineAndLeavesNoImage()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var kit = new ImageTestKit();
        await using var env = new EngineEnvironment(ImageEngine.QuietSettings);
        var engine = await env.StartEngineAsync(cts.Token);
        var alice = new Actor(env.NewUser(), IsAdmin: false);
        var reference = kit.LabName(alice.UserName, "malformed");
        var progress = new ImageProgress();

        var result = await engine.Images().BuildAsync(alice, new ImageBuildRequest($"FROM {EngineEnvironment.ShellImage}\nNOPE this is not an instruction\n", reference, null), progress, cts.Token);

        Assert.False(result.Succeeded);
        Assert.Equal(ImageErrorCodes.BuildFailed, result.Error!.Code);
        Assert.Contains("line 2", result.Error.Message, StringComparison.Ordinal);
        Assert.Contains("nope", result.Error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.True(progress.Current.Done);
        Assert.Equal(result.Error.Message, progress.Current.Error);
        Assert.Equal(string.Empty, await DockerCli.OutputAsync(["images", "-q", reference], cts.Token));
        Assert.Contains(await engine.AuditAsync(alice.UserName, "image.build", cts.Token), e => e.Outcome == AuditOutcome.Failed);
    }

    [Fact]
    public async Task Build_FailingStep_NamesTheStepAndLeavesNoImageNorContainer()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var kit = new ImageTestKit();
        await using var env = new EngineEnvironment(ImageEngine.QuietSettings);
        var engine = await env.StartEngineAsync(cts.Token);
        var alice = new Actor(env.NewUser(), IsAdmin: false);
        var reference = kit.LabName(alice.UserName, "failing-step");
        // The label reaches the container of the failing RUN step, so the test can look for one left behind.
        var dockerfile = $"FROM {EngineEnvironment.ShellImage}\nLABEL {PortalLabels.TestRun}={kit.TestRunId}\nRUN echo about to fail && exit 3\n";

        var result = await engine.Images().BuildAsync(alice, new ImageBuildRequest(dockerfile, reference, null), null, cts.Token);

        Assert.False(result.Succeeded);
        Assert.Equal(ImageErrorCodes.BuildFailed, result.Error!.Code);
        Assert.Contains("Step 3/3 : RUN echo about to fail && exit 3", result.Error.Message, StringComparison.Ordinal);
        Assert.Contains("returned a non-zero code: 3", result.Error.Message, StringComparison.Ordinal);
        Assert.Equal(string.Empty, await DockerCli.OutputAsync(["images", "-q", reference], cts.Token));
        Assert.Equal(string.Empty, await DockerCli.OutputAsync(["ps", "-aq", "--filter", $"label={PortalLabels.TestRun}={kit.TestRunId}"], cts.Token));
    }

    [Fact]
    public async Task Build_LongerThanItsTimeLimit_IsStoppedWithAClearMessageAndLeavesNoImage()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var kit = new ImageTestKit();
        var settings = new Dictionary<string, string?>(ImageEngine.QuietSettings) { ["Images:BuildTimeoutMinutes"] = "0.03" };
        await using var env = new EngineEnvironment(settings);
        var engine = await env.StartEngineAsync(cts.Token);
        var alice = new Actor(env.NewUser(), IsAdmin: false);
        var reference = kit.LabName(alice.UserName, "too-slow");
        var dockerfile = $"FROM {EngineEnvironment.ShellImage}\nLABEL {PortalLabels.TestRun}={kit.TestRunId}\nRUN sleep 30\n";

        var result = await engine.Images().BuildAsync(alice, new ImageBuildRequest(dockerfile, reference, null), null, cts.Token);

        Assert.Equal(ImageErrorCodes.BuildFailed, result.Error!.Code);
        Assert.Contains("it took longer than 1.8 s (Images:BuildTimeoutMinutes) and was stopped.", result.Error.Message, StringComparison.Ordinal);
        Assert.Equal(string.Empty, await DockerCli.OutputAsync(["images", "-q", reference], cts.Token));
        await Poll.UntilAsync(
            () => DockerCli.OutputAsync(["ps", "-aq", "--filter", $"label={PortalLabels.TestRun}={kit.TestRunId}"], cts.Token),
            ids => ids.Length == 0,
            TimeSpan.FromSeconds(30),
            "the engine to remove the stopped step's container",
            cts.Token);
    }

    [Fact]
    public async Task Build_MemberNameOutsideTheirNamespace_IsRefused()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var env = new EngineEnvironment(ImageEngine.QuietSettings);
        var engine = await env.StartEngineAsync(cts.Token);
        var alice = new Actor(env.NewUser(), IsAdmin: false);
        var before = await DockerCli.OutputAsync(["image", "inspect", "--format", "{{.Id}}", "portal/python:latest"], cts.Token);

        var result = await engine.Images().BuildAsync(alice, new ImageBuildRequest($"FROM {EngineEnvironment.ShellImage}\n", "portal/python:latest", null), null, cts.Token);

        Assert.False(result.Succeeded);
        Assert.Equal(ImageErrorCodes.NameNotAllowed, result.Error!.Code);
        Assert.Contains($"127.0.0.1:5000/{alice.UserName}/<name>:<tag>", result.Error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await DockerCli.OutputAsync(["image", "inspect", "--format", "{{.Id}}", "portal/python:latest"], cts.Token));
    }

    [Theory]
    [InlineData("FROM docker.io/library/alpine:3.19\n", "Line 1 (FROM docker.io/library/alpine:3.19)")]
    [InlineData("FROM portal/shell:latest AS base\nFROM --platform=linux/amd64 evil.example/tools:1\n", "Line 2 (FROM --platform=linux/amd64 evil.example/tools:1)")]
    [InlineData("FROM portal/shell:latest\nCOPY --from=evil.example/tools:1 /x /x\n", "Line 2 (COPY --from=evil.example/tools:1 /x /x)")]
    [InlineData("ARG BASE=portal/shell:latest\nFROM $BASE\n", "without build arguments")]
    public async Task Build_MemberBaseImageNeitherAllowedNorHere_IsRefusedBeforeTheEngine(string dockerfile, string expected)
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var kit = new ImageTestKit();
        await using var env = new EngineEnvironment(ImageEngine.QuietSettings);
        var engine = await env.StartEngineAsync(cts.Token);
        var alice = new Actor(env.NewUser(), IsAdmin: false);
        var reference = kit.LabName(alice.UserName, "bad-base");
        var progress = new ImageProgress();

        var result = await engine.Images().BuildAsync(alice, new ImageBuildRequest(dockerfile, reference, null), progress, cts.Token);

        Assert.Equal(LaunchErrorCodes.ImageNotAllowed, result.Error!.Code);
        Assert.Contains(expected, result.Error.Message, StringComparison.Ordinal);
        Assert.Equal(string.Empty, progress.Current.Phase);
        Assert.Equal(string.Empty, await DockerCli.OutputAsync(["images", "-q", reference], cts.Token));
        Assert.Contains(await engine.AuditAsync(alice.UserName, "image.build", cts.Token), e => e.Outcome == AuditOutcome.Refused && e.Target == reference);
    }

    [Fact]
    public async Task Build_MemberOnImagesHereStagesAndScratch_Builds()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var kit = new ImageTestKit();
        await using var env = new EngineEnvironment(ImageEngine.QuietSettings);
        var engine = await env.StartEngineAsync(cts.Token);
        var alice = new Actor(env.NewUser(), IsAdmin: false);
        // Not on the allow-list, but already here: the builder fetches nothing.
        var local = kit.Track("portal-test-local/base-" + Guid.NewGuid().ToString("N")[..8], "v1");
        await DockerCli.OutputAsync(["tag", EngineEnvironment.ShellImage, local], cts.Token);
        var reference = kit.LabName(alice.UserName, "staged");
        var dockerfile = $"FROM scratch AS empty\nFROM {local} AS Base\nRUN echo {Guid.NewGuid():N} > /unique\nFROM base\nCOPY --from=empty / /\n";

        var result = await engine.Images().BuildAsync(alice, new ImageBuildRequest(dockerfile, reference, null), null, cts.Token);

        Assert.True(result.Succeeded, result.Error?.Message);
    }
}
