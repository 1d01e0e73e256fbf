using System.Text.Json.Serialization;
using Portal.Engine.Logs;

namespace Portal.Logs;

/// <summary>
/// Lines the logs hub sends together (JSON: <c>lines</c>, <c>missed</c>; each line as <see cref="LogLineMessage"/>).
/// <c>missed</c> counts the lines this client lost since its previous batch because it read too slowly; zero normally.
/// Written by <see cref="LogBatchMessageJsonConverter"/>, which encodes each line once for all its viewers.
/// </summary>
[JsonConverter(typeof(LogBatchMessageJsonConverter))]
public sealed class LogBatchMessage
{
    private LogBatchMessage(IReadOnlyList<LogLine> source, long missed)
    {
        Source = source;
        Missed = missed;
    }

    public IReadOnlyList<LogLineMessage> Lines => Source.Select(LogLineMessage.From).ToList();

    public long Missed { get; }

    /// <summary>The engine's lines, shared by every viewer of the container.</summary>
    internal IReadOnlyList<LogLine> Source { get; }

    public static LogBatchMessage From(LogBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return new(batch.Lines, batch.Missed);
    }
}
