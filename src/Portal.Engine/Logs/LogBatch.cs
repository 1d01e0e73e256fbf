namespace Portal.Engine.Logs;

/// <summary>
/// Lines delivered to one viewer together. <see cref="Missed"/> counts the lines this viewer lost since its
/// previous batch because it read too slowly (its bounded queue dropped the oldest); zero normally.
/// </summary>
public sealed record LogBatch(IReadOnlyList<LogLine> Lines, long Missed)
{
    public static LogBatch Empty { get; } = new([], 0);
}
