using System.Buffers;
using System.Text.Json;
using Portal.Engine.Terminals;

namespace Portal.Terminals;

/// <summary>
/// The JSON control messages of the terminal socket (text frames; binary frames are raw terminal bytes). Server to
/// browser: <c>session</c> first, <c>replay-end</c> after the scrollback, then any of <c>pong</c>,
/// <c>taken-over</c>, <c>error</c>, and <c>exit</c> last. Browser to server: <c>resize</c>, <c>ping</c>,
/// <c>close</c>. Unknown types are ignored both ways, so either side can grow.
/// </summary>
internal static class TerminalMessages
{
    public static byte[] Session(TerminalSession session, bool isNew) => Write(writer =>
    {
        writer.WriteString("type", "session");
        writer.WriteString("id", session.Id);
        writer.WriteBoolean("new", isNew);
    });

    public static byte[] ReplayEnd() => Write(writer => writer.WriteString("type", "replay-end"));

    public static byte[] Pong() => Write(writer => writer.WriteString("type", "pong"));

    public static byte[] TakenOver() => Write(writer => writer.WriteString("type", "taken-over"));

    public static byte[] Exit(TerminalExit exit) => Write(writer =>
    {
        writer.WriteString("type", "exit");
        if (exit.ExitCode is { } code)
        {
            writer.WriteNumber("code", code);
        }
        else
        {
            writer.WriteNull("code");
        }

        writer.WriteString("reason", exit.ReasonName);
    });

    public static byte[] Error(string code, string message) => Write(writer =>
    {
        writer.WriteString("type", "error");
        writer.WriteString("code", code);
        writer.WriteString("message", message);
    });

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
