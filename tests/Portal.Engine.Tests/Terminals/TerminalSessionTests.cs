using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Engine.Containers;
using Portal.Engine.Terminals;

namespace Portal.Engine.Tests.Terminals;

/// <summary>The session's pump, replay, take-over and flow control, against a fake process (no Docker).</summary>
public sealed class TerminalSessionTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly FakeTerminalProcess _process = new();

    [Fact]
    public async Task Reattach_ReplaysWhatWasPrintedThenContinuesLive()
    {
        var session = NewSession();
        var first = session.Attach()!;
        session.Start(null);
        Assert.True(first.IsNewSession);
        Assert.True(first.Replay.IsEmpty);

        _process.Print("one;");
        Assert.Equal("one;", await ReadAsync(first, 4));
        first.Dispose();
        Assert.False(session.IsAttached);
        Assert.NotNull(session.DetachedAt);
        _process.Print("two;");
        await WaitUntilAsync(() => session.OutputBytes == 8);

        var second = session.Attach()!;
        _process.Print("three");

        Assert.False(second.IsNewSession);
        Assert.Equal("one;two;", Encoding.UTF8.GetString(second.Replay.Span));
        Assert.Equal("three", await ReadAsync(second, 5));
        Assert.Null(session.DetachedAt);
    }

    [Fact]
    public async Task Attach_WhileAttached_TakesOverTheFirst()
    {
        var session = NewSession();
        var first = session.Attach()!;
        session.Start(null);

        var second = session.Attach()!;

        Assert.True(first.IsTakenOver);
        Assert.False(second.IsTakenOver);
        using var cts = new CancellationTokenSource(Timeout);
        Assert.Equal(0, await first.ReadOutputAsync(new byte[8], cts.Token));
        await first.WriteInputAsync("ignored"u8.ToArray(), cts.Token);
        await second.WriteInputAsync("typed"u8.ToArray(), cts.Token);
        Assert.Equal("typed", Encoding.UTF8.GetString(_process.Input));
        first.Dispose();
        Assert.True(session.IsAttached);
    }

    [Fact]
    public async Task Flood_NobodyReading_PumpStopsAtTheQueueBound()
    {
        var options = new TerminalOptions { OutputQueueKiB = 16, ScrollbackKiB = 8 };
        _process.Flood = true;
        var session = NewSession(options);
        var attachment = session.Attach()!;
        session.Start(null);

        // A read is at most the queue's size (16 KiB here): one fills the queue, the next waits in the pump.
        await WaitUntilAsync(() => session.OutputBytes >= 2L * options.OutputQueueBytes);
        await Task.Delay(200);

        Assert.Equal(2L * options.OutputQueueBytes, session.OutputBytes);
        Assert.Equal(options.OutputQueueBytes, session.OutputBufferedBytes);
        Assert.Equal(options.OutputQueueBytes, session.PeakOutputBufferedBytes);
        Assert.Equal(options.ScrollbackBytes, session.ScrollbackBytes);

        // Detached, the pump reads again (into the ring only), so a busy process never blocks on a missing browser.
        attachment.Dispose();
        await WaitUntilAsync(() => session.OutputBytes > 10L * options.OutputQueueBytes);
        Assert.Equal(options.ScrollbackBytes, session.ScrollbackBytes);
        await session.EndAsync(TerminalEndReason.Closed).WaitAsync(Timeout);
    }

    [Fact]
    public async Task ProcessExits_AttachedBrowserGetsTheRestThenTheExit()
    {
        var session = NewSession();
        var attachment = session.Attach()!;
        session.Start(null);

        _process.Print("bye");
        _process.Exit(3);
        var exit = await session.Completion.WaitAsync(Timeout);

        Assert.Equal(new TerminalExit(3, TerminalEndReason.Exited), exit);
        Assert.Equal("bye", await ReadAsync(attachment, 3));
        using var cts = new CancellationTokenSource(Timeout);
        Assert.Equal(0, await attachment.ReadOutputAsync(new byte[8], cts.Token));
        Assert.False(attachment.IsTakenOver);
        Assert.Equal(exit, session.Exit);
        Assert.True(_process.Disposed);
        Assert.Null(session.Attach());
    }

    [Fact]
    public async Task EndAsync_TerminatesTheProcessWithTheFirstReason()
    {
        var session = NewSession();
        session.Attach()!.Dispose();
        session.Start(null);

        await session.EndAsync(TerminalEndReason.GraceExpired).WaitAsync(Timeout);
        await session.EndAsync(TerminalEndReason.Shutdown).WaitAsync(Timeout);

        Assert.True(_process.Terminated);
        Assert.Equal(new TerminalExit(129, TerminalEndReason.GraceExpired), session.Exit);
    }

    [Fact]
    public async Task Start_WithSize_AppliesItAndLaterResizesComeFromTheAttachedBrowserOnly()
    {
        var session = NewSession();
        var attachment = session.Attach()!;
        session.Start(new TerminalSize(120, 40));
        await WaitUntilAsync(() => _process.Sizes.Count == 1);

        using var cts = new CancellationTokenSource(Timeout);
        await attachment.ResizeAsync(new TerminalSize(0, 10), cts.Token);
        await attachment.ResizeAsync(new TerminalSize(100, 30), cts.Token);
        attachment.Dispose();
        await attachment.ResizeAsync(new TerminalSize(90, 20), cts.Token);

        Assert.Equal([new TerminalSize(120, 40), new TerminalSize(100, 30)], _process.Sizes);
    }

    private TerminalSession NewSession(TerminalOptions? options = null) => new(
        Guid.NewGuid().ToString("N"),
        "alice",
        new ContainerSummary("c0ffee", "alice-box", "portal/shell", "running", "Up", DateTimeOffset.UtcNow, "alice", new Dictionary<string, string>()),
        command: null,
        _process,
        options ?? new TerminalOptions(),
        TimeProvider.System,
        NullLogger.Instance);

    private static async Task<string> ReadAsync(TerminalAttachment attachment, int length)
    {
        using var cts = new CancellationTokenSource(Timeout);
        var text = new StringBuilder();
        var buffer = new byte[64];
        while (text.Length < length)
        {
            var count = await attachment.ReadOutputAsync(buffer, cts.Token);
            Assert.True(count > 0, $"The output ended after '{text}'.");
            text.Append(Encoding.UTF8.GetString(buffer, 0, count));
        }

        return text.ToString();
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Timed out.");
            await Task.Delay(5);
        }
    }
}
