using System.Buffers.Binary;
using System.Text;

namespace Portal.Engine.Tests.Logs;

/// <summary>Docker's multiplexed stream format: per message an 8-byte header (stream, 0, 0, 0, big-endian length), then the message.</summary>
internal static class DockerFrames
{
    public const byte Stdout = 1;

    public const byte Stderr = 2;

    public static byte[] Frame(byte stream, string message) => Frame(stream, Encoding.UTF8.GetBytes(message));

    public static byte[] Frame(byte stream, byte[] message)
    {
        var frame = new byte[8 + message.Length];
        frame[0] = stream;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), (uint)message.Length);
        message.CopyTo(frame, 8);
        return frame;
    }

    public static byte[] Concat(params byte[][] frames) => frames.SelectMany(f => f).ToArray();
}
