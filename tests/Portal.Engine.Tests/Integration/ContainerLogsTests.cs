using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Containers;
using Portal.Engine.Launch;
using Portal.Engine.Logs;

namespace Portal.Engine.Tests.Integration;

/// <summary>
/// Live logs on the real engine: containers print a known numbered sequence, and the engine's fan-out follows them
/// for several viewers at once. The numbered lines start only when the test touches /tmp/go in the container, so
/// every viewer is attached before the first one is printed.
/// </summary>
public sealed class ContainerLogsTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Waits for /tmp/go, prints line-0 .. line-(count-1), then sleeps (ending at once on SIGTERM).</summary>
    private static string[] NumberedAfterGo(int count) =>
        ["sh", "-c", $"trap 'exit 0' TERM; while [ ! -e /tmp/go ]; do sleep 0.1; done; i=0; while [ $i -lt {count} ]; do echo line-$i; i=$((i+1)); done; sleep 3600 & wait"];

    private static IEnumerable<string> Numbered(int count, int from = 0) =>
        Enumerable.Range(from, count - from).Select(i => string.Create(CultureInfo.InvariantCulture, $"line-{i}"));

    private static Dictionary<string, string?> Settings(int viewerQueueLines = 5000) => new()
    {
        ["Logs:LingerSeconds"] = "0",
        ["Logs:ViewerQueueLines"] = viewerQueueLines.ToString(CultureInfo.InvariantCulture),
        ["Logs:RotationMaxSize"] = "1m",
        ["Logs:RotationMaxFiles"] = "2",
    };

    private static async Task<(EngineHost Engine, Actor Owner)> StartAsync(EngineEnvironment env, CancellationToken cancellationToken) =>
        (await env.StartEngineAsync(cancellationToken), new Actor(env.NewUser(), IsAdmin: false));

    private static async Task<ContainerSummary> LaunchAsync(EngineHost engine, Actor owner, string[] command, CancellationToken cancellationToken)
    {
        var result = await engine.Manager.LaunchAsync(
            owner,
            new LaunchRequest { Name = "logs-" + Guid.NewGuid().ToString("N")[..6], Image = EngineEnvironment.ShellImage, Command = command },
            cancellationToken);
        Assert.True(result.Succeeded, result.Error?.Message);
        return result.Container!;
    }

    private static Task GoAsync(string containerId, CancellationToken cancellationToken) =>
        DockerCli.OutputAsync(["exec", containerId, "touch", "/tmp/go"], cancellationToken);

    private static LogFanout Fanout(EngineHost engine) => (LogFanout)engine.Services.GetRequiredService<IContainerLogs>();

    private static void AssertConsecutive(IReadOnlyList<LogLine> lines)
    {
        for (var i = 1; i < lines.Count; i++)
        {
            Assert.Equal(lines[i - 1].Sequence + 1, lines[i].Sequence);
        }
    }

    [Fact]
    public async Task FollowAsync_SeveralViewers_EachGetsEveryLineInOrderFromOneDockerStream()
    {
        const int count = 2000;
        using var cts = new CancellationTokenSource(Timeout);
        await using var env = new EngineEnvironment(Settings());
        var (engine, alice) = await StartAsync(env, cts.Token);
        var container = await LaunchAsync(engine, alice, NumberedAfterGo(count), cts.Token);
        var logs = engine.Services.GetRequiredService<IContainerLogs>();

        var viewers = new List<LogSubscription>();
        for (var i = 0; i < 3; i++)
        {
            viewers.Add(await LogSubscription.StartAsync(logs, container.Id, tail: 100, cts.Token));
        }

        Assert.Equal(1, Fanout(engine).ActiveFollowers);
        await GoAsync(container.Id, cts.Token);
        await Task.WhenAll(viewers.Select(v => v.ReadLinesAsync(count, ReadTimeout)));

        foreach (var viewer in viewers)
        {
            Assert.Empty(viewer.Snapshot);
            Assert.Equal(Numbered(count), viewer.Lines.Select(l => l.Text));
            Assert.All(viewer.Lines, l => Assert.Equal(LogStreamKind.Stdout, l.Stream));
            AssertConsecutive(viewer.Lines);
            Assert.Equal(0, viewer.Missed);
        }

        Assert.Equal(1, Fanout(engine).ActiveFollowers);

        // A late joiner gets the tail from the buffer, then the same stream.
        await using (var late = await LogSubscription.StartAsync(logs, container.Id, tail: 100, cts.Token))
        {
            Assert.Equal(Numbered(count, count - 100), late.Snapshot.Select(l => l.Text));
            Assert.Equal(viewers[0].Lines[^100..], late.Snapshot);
        }

        Assert.Equal(["line-1999"], logs.Search(container.Id, "LINE-1999", 10).Select(l => l.Text));
        Assert.Equal(Numbered(count, count - 3), logs.Search(container.Id, "line-", 3).Select(l => l.Text));

        foreach (var viewer in viewers)
        {
            await viewer.DisposeAsync();
        }

        // The last viewer left (Logs:LingerSeconds is 0 here): the Docker stream closes.
        await Poll.UntilAsync(() => Fanout(engine).ActiveFollowers, n => n == 0, TimeSpan.FromSeconds(10), "the upstream closing", cts.Token);
        Assert.Empty(logs.Search(container.Id, "line-", 10));
    }

    [Fact]
    public async Task FollowAsync_SlowViewer_IsToldWhatItMissedInsteadOfQueueingWithoutBound()
    {
        const int count = 2000;
        const int queue = 100;
        using var cts = new CancellationTokenSource(Timeout);
        await using var env = new EngineEnvironment(Settings(viewerQueueLines: queue));
        var (engine, alice) = await StartAsync(env, cts.Token);
        var container = await LaunchAsync(engine, alice, NumberedAfterGo(count), cts.Token);
        var logs = engine.Services.GetRequiredService<IContainerLogs>();
        await using var slow = await LogSubscription.StartAsync(logs, container.Id, tail: 0, cts.Token);
        // The buffer sees every line however slow the viewers are: a fresh viewer with a full tail shows it.
        await GoAsync(container.Id, cts.Token);
        await Poll.UntilAsync(() => logs.Search(container.Id, "line-1999", 1).Count, n => n == 1, ReadTimeout, "the last line in the buffer", cts.Token);

        await slow.ReadUntilAsync(lines => lines.LastOrDefault()?.Text == "line-1999", ReadTimeout, "the slow viewer reaching the end");

        Assert.True(slow.Missed > 0, "the slow viewer should have been told it missed lines");
        Assert.Equal(count, slow.Lines.Count + slow.Missed);
        Assert.True(slow.Lines.Count <= queue, $"{slow.Lines.Count} lines were queued for a viewer with room for {queue}");
        Assert.Equal(Numbered(count, count - slow.Lines.Count), slow.Lines.Select(l => l.Text));
        AssertConsecutive(slow.Lines);
        await using var fresh = await LogSubscription.StartAsync(logs, container.Id, tail: count, cts.Token);
        Assert.Equal(Numbered(count), fresh.Snapshot.Select(l => l.Text));
    }

    [Fact]
    public async Task FollowAsync_NonTtyContainer_TagsStderrLines()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var env = new EngineEnvironment(Settings());
        var (engine, alice) = await StartAsync(env, cts.Token);
        var container = await LaunchAsync(
            engine,
            alice,
            ["sh", "-c", "trap 'exit 0' TERM; echo to-stdout; echo to-stderr >&2; printf 'no newline then ' ; echo end; sleep 3600 & wait"],
            cts.Token);
        var logs = engine.Services.GetRequiredService<IContainerLogs>();

        await using var viewer = await LogSubscription.StartAsync(logs, container.Id, tail: 10, cts.Token);
        await viewer.ReadLinesAsync(3, ReadTimeout);

        // Docker copies the two streams separately, so only each stream's own order is kept.
        Assert.Equal(["to-stdout", "no newline then end"], viewer.Lines.Where(l => l.Stream == LogStreamKind.Stdout).Select(l => l.Text));
        Assert.Equal(["to-stderr"], viewer.Lines.Where(l => l.Stream == LogStreamKind.Stderr).Select(l => l.Text));
        Assert.All(viewer.Lines, l => Assert.InRange(l.Timestamp, container.CreatedAt.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1)));
    }

    [Fact]
    public async Task FollowAsync_TtyContainer_ReadsItsSingleStream()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var env = new EngineEnvironment(Settings());
        var (engine, alice) = await StartAsync(env, cts.Token);
        // The portal never makes TTY containers; people do, by hand.
        var id = (await DockerCli.OutputAsync(
            [
                "run", "-d", "-t", "--label", $"{PortalLabels.Owner}={alice.UserName}", "--label", $"{PortalLabels.TestRun}=logs-tty",
                EngineEnvironment.ShellImage, "sh", "-c", "printf 'tty-one\\n'; echo to-stderr >&2; printf 'colour \\033[31mred\\033[0m\\n'; sleep 600",
            ],
            cts.Token)).Trim();
        var logs = engine.Services.GetRequiredService<IContainerLogs>();

        await using var viewer = await LogSubscription.StartAsync(logs, id, tail: 10, cts.Token);
        await viewer.ReadLinesAsync(3, ReadTimeout);

        Assert.Equal(["tty-one", "to-stderr", "colour \u001b[31mred\u001b[0m"], viewer.Lines.Select(l => l.Text));
        Assert.All(viewer.Lines, l => Assert.Equal(LogStreamKind.Stdout, l.Stream));
    }

    [Fact]
    public async Task FollowAsync_ContainerRestarts_ResumesWithTheNewRunAndNoRepeats()
    {
        const int count = 50;
        using var cts = new CancellationTokenSource(Timeout);
        await using var env = new EngineEnvironment(Settings());
        var (engine, alice) = await StartAsync(env, cts.Token);
        var container = await LaunchAsync(
            engine,
            alice,
            ["sh", "-c", $"trap 'exit 0' TERM; i=0; while [ $i -lt {count} ]; do echo line-$i; i=$((i+1)); done; sleep 3600 & wait"],
            cts.Token);
        var logs = engine.Services.GetRequiredService<IContainerLogs>();
        await using var viewer = await LogSubscription.StartAsync(logs, container.Id, tail: 1000, cts.Token);
        await viewer.ReadLinesAsync(count, ReadTimeout);

        var restarted = await engine.Manager.RestartAsync(alice, container.Id, cts.Token);
        Assert.True(restarted.Succeeded, restarted.Error?.Message);
        await viewer.ReadLinesAsync((2 * count) + 1, ReadTimeout);

        var expected = Numbered(count).Append(ContainerLogFollower.RestartedText).Concat(Numbered(count));
        Assert.Equal(expected, viewer.Lines.Select(l => l.Text));
        Assert.Equal(LogStreamKind.System, viewer.Lines[count].Stream);
        AssertConsecutive(viewer.Lines);
        Assert.Equal(1, Fanout(engine).ActiveFollowers);
    }

    [Fact]
    public async Task FollowAsync_ContainerRemoved_TellsTheViewerAndEnds()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var env = new EngineEnvironment(Settings());
        var (engine, alice) = await StartAsync(env, cts.Token);
        var container = await LaunchAsync(engine, alice, ["sh", "-c", "trap 'exit 0' TERM; echo hello; sleep 3600 & wait"], cts.Token);
        var logs = engine.Services.GetRequiredService<IContainerLogs>();
        await using var viewer = await LogSubscription.StartAsync(logs, container.Id, tail: 10, cts.Token);
        await viewer.ReadLinesAsync(1, ReadTimeout);

        var removed = await engine.Manager.RemoveAsync(alice, container.Id, cts.Token);
        Assert.True(removed.Succeeded, removed.Error?.Message);
        await viewer.ReadToEndAsync(ReadTimeout);

        Assert.Equal(["hello", ContainerLogFollower.RemovedText], viewer.Lines.Select(l => l.Text));
        Assert.Equal(LogStreamKind.System, viewer.Lines[^1].Stream);
        await Poll.UntilAsync(() => Fanout(engine).ActiveFollowers, n => n == 0, TimeSpan.FromSeconds(10), "the upstream closing", cts.Token);
    }

    [Fact]
    public async Task ReadAllAsync_WholeLogOrTail_ReadsOnceWithoutFollowing()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var env = new EngineEnvironment(Settings());
        var (engine, alice) = await StartAsync(env, cts.Token);
        var container = await LaunchAsync(engine, alice, ["sh", "-c", "i=0; while [ $i -lt 300 ]; do echo line-$i; i=$((i+1)); done; echo oops >&2"], cts.Token);
        var logs = engine.Services.GetRequiredService<IContainerLogs>();
        await Poll.UntilAsync(() => env.Containers.GetAsync(container.Id, cts.Token), c => c is { IsRunning: false }, TimeSpan.FromSeconds(30), "the container exiting", cts.Token);

        var all = await logs.ReadAllAsync(container.Id, null, cts.Token).ToListAsync(cts.Token);
        var tail = await logs.ReadAllAsync(container.Id, 5, cts.Token).ToListAsync(cts.Token);

        Assert.Equal(Numbered(300), all.Where(l => l.Stream == LogStreamKind.Stdout).Select(l => l.Text));
        Assert.Equal(["oops"], all.Where(l => l.Stream == LogStreamKind.Stderr).Select(l => l.Text));
        Assert.Equal(Enumerable.Range(1, 301).Select(i => (long)i), all.Select(l => l.Sequence));
        Assert.Equal(all[^5..].Select(l => (l.Text, l.Stream, l.Timestamp)), tail.Select(l => (l.Text, l.Stream, l.Timestamp)));
        Assert.Empty(await logs.ReadAllAsync("portal-no-such-container-" + Guid.NewGuid().ToString("N"), null, cts.Token).ToListAsync(cts.Token));
        Assert.Equal(0, Fanout(engine).ActiveFollowers);
    }

    [Fact]
    public async Task LaunchAsync_AnyContainer_GetsTheConfiguredLogRotation()
    {
        using var cts = new CancellationTokenSource(Timeout);
        await using var env = new EngineEnvironment(Settings());
        var (engine, alice) = await StartAsync(env, cts.Token);

        var result = await engine.Manager.LaunchAsync(alice, Requests.Sleeper("rotated"), cts.Token);

        Assert.True(result.Succeeded, result.Error?.Message);
        using var config = JsonDocument.Parse(await DockerCli.OutputAsync(["inspect", "--format", "{{json .HostConfig.LogConfig}}", result.Container!.Id], cts.Token));
        Assert.Equal("json-file", config.RootElement.GetProperty("Type").GetString());
        var options = config.RootElement.GetProperty("Config");
        Assert.Equal("1m", options.GetProperty("max-size").GetString());
        Assert.Equal("2", options.GetProperty("max-file").GetString());
        Assert.Contains(" --log-driver json-file --log-opt max-size=1m --log-opt max-file=2 ", result.DockerRun, StringComparison.Ordinal);
    }
}
