using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Containers;
using Portal.Engine.Disk;
using Portal.Engine.Launch;
using Portal.Engine.Tests.Integration;

namespace Portal.Engine.Tests.Disk;

/// <summary>
/// Accounting on the real engine and real files: two members with containers, committed images, labelled volumes,
/// workspaces and logs, measured by a background pass and compared with what Docker and the file system report.
/// </summary>
public sealed class DiskAccountingIntegrationTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(180);

    // A pass only when asked: the figures must not change under the comparison.
    private static readonly Dictionary<string, string?> QuietSettings = new() { ["Disk:RefreshMinutes"] = "600", ["Disk:EventDebounceSeconds"] = "600" };

    [Fact]
    public async Task Pass_TwoMembers_MatchesWhatTheEngineAndTheFileSystemReport()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var env = new EngineEnvironment(QuietSettings);
        await using var resources = new DiskResources(env);
        var engine = await env.StartEngineAsync(cts.Token);
        var alice = new Actor(env.NewUser(), IsAdmin: false);
        var bob = new Actor(env.NewUser(), IsAdmin: false);

        // Alice: 5 MiB in her container's writable layer and 2000 log lines; Bob: 100 KiB and 10 lines.
        var aliceContainer = await LaunchWriterAsync(engine, alice, "train", kib: 5 * 1024, lines: 2000, cts.Token);
        var bobContainer = await LaunchWriterAsync(engine, bob, "eval", kib: 100, lines: 10, cts.Token);
        var aliceImage = await resources.CommitAsync(aliceContainer, alice.UserName, "v1", cts.Token);
        var bobImage = await resources.CommitAsync(bobContainer, bob.UserName, "v1", cts.Token);
        var aliceVolume = await resources.VolumeAsync(alice.UserName, 300_000, cts.Token);
        var bobVolume = await resources.VolumeAsync(bob.UserName, 20_000, cts.Token);
        var aliceWorkspace = Path.Combine(env.WorkspaceRoot, alice.UserName);
        Directory.CreateDirectory(Path.Combine(aliceWorkspace, "sub"));
        await File.WriteAllBytesAsync(Path.Combine(aliceWorkspace, "a.bin"), new byte[123_456], cts.Token);
        await File.WriteAllBytesAsync(Path.Combine(aliceWorkspace, "sub", "b.bin"), new byte[1_000], cts.Token);
        File.CreateSymbolicLink(Path.Combine(aliceWorkspace, "host-usr"), "/usr");
        Directory.CreateDirectory(Path.Combine(env.WorkspaceRoot, bob.UserName));
        await File.WriteAllBytesAsync(Path.Combine(env.WorkspaceRoot, bob.UserName, "notes.txt"), new byte[4_321], cts.Token);

        var snapshot = await engine.Services.GetRequiredService<IDiskUsage>().RefreshAsync(cts.Token);

        Assert.Null(snapshot.Error);
        Assert.NotNull(snapshot.MeasuredAt);
        Assert.NotNull(snapshot.LastPassDuration);
        var df = await EngineFacts.SystemDfAsync(cts.Token);
        foreach (var (member, container, image, volume, workspaceBytes) in new[]
        {
            (alice, aliceContainer, aliceImage, aliceVolume, 124_456L),
            (bob, bobContainer, bobImage, bobVolume, 4_321L),
        })
        {
            var usage = snapshot.Figures.For(member.UserName);
            var sizeRw = await EngineFacts.SizeRwAsync(container, cts.Token);
            Assert.Equal(sizeRw, EngineFacts.Find(df, "Containers", "Id", container).GetProperty("SizeRw").GetInt64());
            var engineImage = EngineFacts.Find(df, "Images", "Id", image);
            var size = engineImage.GetProperty("Size").GetInt64();
            var shared = engineImage.GetProperty("SharedSize").GetInt64();
            var volumeBytes = EngineFacts.Find(df, "Volumes", "Name", volume).GetProperty("UsageData").GetProperty("Size").GetInt64();
            var logBytes = await EngineFacts.LogBytesAsync(container, cts.Token);

            Assert.Equal((1, sizeRw), (usage.Containers, usage.ContainersBytes));
            Assert.Equal((1, size - shared, shared), (usage.Images, usage.ImagesBytes, usage.ImagesSharedBytes));
            Assert.Equal((1, volumeBytes), (usage.Volumes, usage.VolumesBytes));
            Assert.Equal(workspaceBytes, usage.WorkspaceBytes);
            Assert.Equal(logBytes, usage.LogsBytes);
            Assert.Equal(sizeRw + size - shared + volumeBytes + workspaceBytes + logBytes, usage.TotalBytes);
            Assert.Equal(0, usage.UnreadableEntries);
            Assert.All(usage.Largest, item => Assert.Equal(member.UserName, item.Owner));
            Assert.Contains(usage.Largest, i => i.Kind == DiskItemKind.Container && i.Id == container && i.Bytes == sizeRw && i.InUse);
            Assert.Contains(usage.Largest, i => i.Kind == DiskItemKind.Image && i.Id == image && i.SharedBytes == shared);
        }

        // What was written is really there: the engine's figures are not all zero.
        var aliceUsage = snapshot.Figures.For(alice.UserName);
        Assert.InRange(aliceUsage.ContainersBytes, 5L * 1024 * 1024, 6L * 1024 * 1024);
        Assert.InRange(aliceUsage.VolumesBytes, 300_000, 310_000);
        Assert.True(aliceUsage.LogsBytes > 2000 * 11, $"{aliceUsage.LogsBytes} bytes of log for 2000 lines");
        Assert.True(aliceUsage.ImagesBytes >= 5L * 1024 * 1024, $"{aliceUsage.ImagesBytes} unique image bytes");
        Assert.True(aliceUsage.ImagesSharedBytes > 0, "the committed image shares portal/shell's layer");
        // The engine's totals are docker system df's: the images line counts every layer once.
        var images = snapshot.Figures.Totals.Single(t => t.Kind == DiskItemKind.Image);
        Assert.Equal(df.GetProperty("LayersSize").GetInt64() > 0, images.Bytes > 0);
        Assert.Contains(snapshot.Figures.Largest, i => i.Id == aliceContainer || i.Id == aliceImage || i.Bytes >= aliceUsage.Largest[0].Bytes);
    }

    /// <summary>
    /// Docker calls a layer two images use "shared", whoever owns them: a member's 3 MiB layer under two of their own
    /// images would otherwise cost them nothing. It is charged to them once; portal/shell's layer stays uncharged.
    /// </summary>
    [Fact]
    public async Task Pass_TwoImagesOfOneMemberOnTheirOwnLayer_ChargesThatLayerToThemOnce()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var env = new EngineEnvironment(QuietSettings);
        await using var resources = new DiskResources(env);
        var engine = await env.StartEngineAsync(cts.Token);
        var alice = new Actor(env.NewUser(), IsAdmin: false);
        var writer = await LaunchWriterAsync(engine, alice, "base", kib: 3 * 1024, lines: 0, cts.Token);
        var baseImage = await resources.CommitAsync(writer, alice.UserName, "base", cts.Token);
        var derivedImage = await resources.CommitAsync(await resources.CreateUserOfAsync(baseImage, null, cts.Token), alice.UserName, "derived", cts.Token);

        var snapshot = await engine.Services.GetRequiredService<IDiskUsage>().RefreshAsync(cts.Token);

        Assert.Null(snapshot.Error);
        var df = await EngineFacts.SystemDfAsync(cts.Token);
        var shell = EngineFacts.Find(df, "Images", "Id", (await DockerCli.OutputAsync(["image", "inspect", "--format", "{{.Id}}", EngineEnvironment.ShellImage], cts.Token)).Trim());
        var engineBase = EngineFacts.Find(df, "Images", "Id", baseImage);
        var engineDerived = EngineFacts.Find(df, "Images", "Id", derivedImage);
        // The base image's own layer: its size above portal/shell's, as the engine counts it.
        var ownLayer = engineBase.GetProperty("Size").GetInt64() - shell.GetProperty("Size").GetInt64();
        long Unique(System.Text.Json.JsonElement image) => image.GetProperty("Size").GetInt64() - image.GetProperty("SharedSize").GetInt64();
        long Shared(System.Text.Json.JsonElement image) => image.GetProperty("SharedSize").GetInt64();

        var usage = snapshot.Figures.For(alice.UserName);
        Assert.InRange(ownLayer, 3L * 1024 * 1024, 4L * 1024 * 1024);
        Assert.Equal(ownLayer, usage.ImagesOwnSharedBytes);
        Assert.Equal(Unique(engineBase) + Unique(engineDerived) + ownLayer, usage.ImagesBytes);
        Assert.Equal(Shared(engineBase) + Shared(engineDerived) - (2 * ownLayer), usage.ImagesSharedBytes);
        Assert.Equal(usage.ContainersBytes + usage.ImagesBytes + usage.VolumesBytes + usage.WorkspaceBytes + usage.LogsBytes, usage.TotalBytes);
    }

    [Fact]
    public async Task ContainerCreatedThenRemoved_StartsAPassByItself()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var env = new EngineEnvironment(new Dictionary<string, string?> { ["Disk:RefreshMinutes"] = "600", ["Disk:EventDebounceSeconds"] = "0.5" });
        var engine = await env.StartEngineAsync(cts.Token);
        var disk = engine.Services.GetRequiredService<IDiskUsage>();
        var alice = new Actor(env.NewUser(), IsAdmin: false);

        var launched = await engine.Manager.LaunchAsync(alice, Requests.Sleeper("watched"), cts.Token);
        Assert.True(launched.Succeeded, launched.Error?.Message);

        // Nobody asks for a pass: the container's creation does.
        await Poll.UntilAsync(() => disk.Current.Figures.For(alice.UserName).Containers, n => n == 1, TimeSpan.FromSeconds(60), "a pass after the launch", cts.Token);

        var removed = await engine.Manager.RemoveAsync(alice, launched.Container!.Id, cts.Token);
        Assert.True(removed.Succeeded, removed.Error?.Message);
        await Poll.UntilAsync(() => disk.Current.Figures.For(alice.UserName).Containers, n => n == 0, TimeSpan.FromSeconds(60), "a pass after the removal", cts.Token);
    }

    /// <summary>Launches a container that writes <paramref name="kib"/> KiB into its writable layer and <paramref name="lines"/> log lines, then sleeps; returns once both are done.</summary>
    private static async Task<string> LaunchWriterAsync(EngineHost engine, Actor owner, string name, int kib, int lines, CancellationToken cancellationToken)
    {
        var request = new LaunchRequest
        {
            Name = name,
            Image = EngineEnvironment.ShellImage,
            Command = ["sh", "-c", $"dd if=/dev/zero of=/fill bs=1024 count={kib} 2>/dev/null && yes abcdefghij | head -n {lines} && echo done && sleep 600"],
        };
        var result = await engine.Manager.LaunchAsync(owner, request, cancellationToken);
        Assert.True(result.Succeeded, result.Error?.Message);
        var id = result.Container!.Id;
        await Poll.UntilAsync(
            () => DockerCli.OutputAsync(["logs", "--tail", "1", id], cancellationToken),
            text => text.Trim() == "done",
            TimeSpan.FromSeconds(30),
            $"{name} to write its data",
            cancellationToken);
        return id;
    }
}
