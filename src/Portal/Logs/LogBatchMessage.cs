using Portal.Engine.Logs;

namespace Portal.Logs;

/// <summary>
/// Lines the logs hub sends together (JSON: <c>lines</c>, <c>missed</c>). <c>missed</c> counts the lines this
/// client lost since its previous batch because it read too slowly; zero normally.
/// </summary>
public sealed record LogBatchMessage(IReadOnlyList<LogLineMessage> Lines, long Missed)
{
    public static LogBatchMessage From(LogBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return new(batch.Lines.Select(LogLineMessage.From).ToList(), batch.Missed);
    }
}
