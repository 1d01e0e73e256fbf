using System.Buffers;
using System.Runtime.CompilerServices;
using Docker.DotNet;

namespace Portal.Engine.Logs;

/// <summary>
/// Reads a Docker log stream into lines, one list per read, so whatever arrived together is handled together.
/// Docker.DotNet's <see cref="MultiplexedStream"/> separates stdout and stderr frames for non-TTY containers and
/// passes a TTY container's raw stream through (it inspects the container's <c>Config.Tty</c> itself).
/// </summary>
internal static class DockerLogReader
{
    /// <summary>Docker's messages are at most 16 KiB plus a timestamp; one read takes a whole one when it has arrived.</summary>
    private const int ReadSize = 32 * 1024;

    /// <summary>Yields the complete lines of each read, and the open lines when the stream ends. Ends with the stream.</summary>
    public static async IAsyncEnumerable<List<LogLine>> ReadAsync(MultiplexedStream stream, LogStreamDecoder decoder, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ReadSize);
        try
        {
            while (true)
            {
                var read = await stream.ReadOutputAsync(buffer, 0, ReadSize, cancellationToken).ConfigureAwait(false);
                if (read.EOF)
                {
                    break;
                }

                var lines = new List<LogLine>();
                decoder.Append(ToKind(read.Target), buffer.AsSpan(0, read.Count), lines);
                if (lines.Count > 0)
                {
                    yield return lines;
                }
            }

            var last = new List<LogLine>();
            decoder.Complete(last);
            if (last.Count > 0)
            {
                yield return last;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static LogStreamKind ToKind(MultiplexedStream.TargetStream target) =>
        target == MultiplexedStream.TargetStream.StandardError ? LogStreamKind.Stderr : LogStreamKind.Stdout;
}
