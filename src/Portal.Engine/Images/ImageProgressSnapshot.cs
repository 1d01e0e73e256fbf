namespace Portal.Engine.Images;

/// <summary>Where a pull, push, build or commit stands: its layers, its log, and whether it ended.</summary>
/// <param name="Phase">What runs now (<c>pull</c>, <c>push</c>, <c>build</c>, <c>commit</c>); empty before it starts.</param>
/// <param name="Layers">Layers in the order the engine first named them.</param>
/// <param name="Log">The latest lines of output (build steps, statuses without a layer), oldest first.</param>
/// <param name="DroppedLines">Older lines no longer in <paramref name="Log"/>.</param>
/// <param name="Overall">0 to 1 over every layer, or null while no layer is known.</param>
/// <param name="Done">True once the action ended, with <paramref name="Error"/> or without.</param>
public sealed record ImageProgressSnapshot(
    string Phase,
    IReadOnlyList<LayerProgress> Layers,
    IReadOnlyList<string> Log,
    long DroppedLines,
    double? Overall,
    bool Done,
    string? Error)
{
    public static ImageProgressSnapshot Empty { get; } = new(string.Empty, [], [], 0, null, false, null);
}
