using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Portal.Engine.Logs;

namespace Portal.Logs;

/// <summary>
/// Writes a <see cref="LogBatchMessage"/> from each line's UTF-8 JSON, encoded once per line and kept as long as the
/// line lives (the engine's buffer holds it). With N viewers of a fast log, serializing every line N times was the
/// portal's largest cost. The output is what the serializer would write for <see cref="LogLineMessage"/>.
/// </summary>
internal sealed class LogBatchMessageJsonConverter : JsonConverter<LogBatchMessage>
{
    private static readonly ConditionalWeakTable<LogLine, byte[]> Encoded = [];

    public override LogBatchMessage Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("The portal sends log batches; it never reads them.");

    public override void Write(Utf8JsonWriter writer, LogBatchMessage value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("lines");
        foreach (var line in value.Source)
        {
            writer.WriteRawValue(Encoded.GetValue(line, Encode), skipInputValidation: true);
        }

        writer.WriteEndArray();
        writer.WriteNumber("missed", value.Missed);
        writer.WriteEndObject();
    }

    internal static byte[] Encode(LogLine line)
    {
        using var buffer = new MemoryStream(line.Text.Length + 96);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("sequence", line.Sequence);
            json.WriteString("timestamp", line.Timestamp);
            json.WriteString("stream", LogLineMessage.StreamName(line.Stream));
            json.WriteString("text", line.Text);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
