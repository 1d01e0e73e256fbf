using System.Text;
using Docker.DotNet;
using Portal.Engine.Logs;

namespace Portal.Engine.Tests.Logs;

/// <summary>
/// Docker's log streams as they come off the socket, through Docker.DotNet's <see cref="MultiplexedStream"/> and the
/// decoder: frames split at every possible place, stdout and stderr interleaved, TTY containers' raw stream.
/// </summary>
public sealed class DockerLogReaderTests
{
    private const string Time = "2026-11-25T00:15:55.219734733Z";

    private static async Task<List<LogLine>> ReadAsync(byte[] bytes, bool multiplexed, params int[] readSizes)
    {
        using var stream = new MultiplexedStream(new ChunkedStream(bytes, readSizes), multiplexed);
        var decoder = new LogStreamDecoder(100, () => DateTimeOffset.UnixEpoch);
        var lines = new List<LogLine>();
        await foreach (var batch in DockerLogReader.ReadAsync(stream, decoder, CancellationToken.None))
        {
            lines.AddRange(batch);
        }

        return lines;
    }

    private static byte[] Interleaved() => DockerFrames.Concat(
        DockerFrames.Frame(DockerFrames.Stdout, $"{Time} out one\n"),
        DockerFrames.Frame(DockerFrames.Stderr, $"{Time} err one\n"),
        // A long line Docker cut into two messages, with a stderr message between them.
        DockerFrames.Frame(DockerFrames.Stdout, $"{Time} long "),
        DockerFrames.Frame(DockerFrames.Stderr, $"{Time} err two\n"),
        DockerFrames.Frame(DockerFrames.Stdout, $"{Time} line\n"),
        DockerFrames.Frame(DockerFrames.Stdout, $"{Time} ünïcode\n"));

    [Fact]
    public async Task ReadAsync_Multiplexed_TagsStdoutAndStderr()
    {
        var lines = await ReadAsync(Interleaved(), multiplexed: true);

        Assert.Equal(
            [("out one", LogStreamKind.Stdout), ("err one", LogStreamKind.Stderr), ("err two", LogStreamKind.Stderr), ("long line", LogStreamKind.Stdout), ("ünïcode", LogStreamKind.Stdout)],
            lines.Select(l => (l.Text, l.Stream)));
    }

    [Fact]
    public async Task ReadAsync_FramesSplitAtEveryPlace_GiveTheSameLines()
    {
        var bytes = Interleaved();
        var expected = (await ReadAsync(bytes, multiplexed: true)).Select(l => (l.Text, l.Stream)).ToList();

        for (var split = 1; split < bytes.Length; split++)
        {
            // The first read ends at `split`, the rest come in reads of 1..13 bytes.
            var lines = await ReadAsync(bytes, multiplexed: true, split, 1 + (split % 13));

            Assert.Equal(expected, lines.Select(l => (l.Text, l.Stream)));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(9)]
    [InlineData(1000)]
    public async Task ReadAsync_TtyRawStream_IsOneStdoutStreamWithCrLf(int readSize)
    {
        var bytes = Encoding.UTF8.GetBytes($"{Time} hello\r\n{Time} err\r\n{Time} x\r\r\n{Time} colour \u001b[31mred\u001b[0m\r\n");

        var lines = await ReadAsync(bytes, multiplexed: false, readSize);

        Assert.Equal(["hello", "err", "x", "colour \u001b[31mred\u001b[0m"], lines.Select(l => l.Text));
        Assert.All(lines, l => Assert.Equal(LogStreamKind.Stdout, l.Stream));
    }

    [Fact]
    public async Task ReadAsync_StreamEndsMidLine_DeliversTheOpenLine()
    {
        var bytes = DockerFrames.Concat(DockerFrames.Frame(DockerFrames.Stdout, $"{Time} complete\n"), DockerFrames.Frame(DockerFrames.Stdout, $"{Time} unfinished"));

        var lines = await ReadAsync(bytes, multiplexed: true, 3);

        Assert.Equal(["complete", "unfinished"], lines.Select(l => l.Text));
    }
}
