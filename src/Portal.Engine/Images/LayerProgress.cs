namespace Portal.Engine.Images;

/// <summary>One layer of a pull or push as the engine reports it.</summary>
/// <param name="Id">The engine's short layer id.</param>
/// <param name="Status">Its last status: <c>Downloading</c>, <c>Extracting</c>, <c>Pull complete</c>, <c>Pushing</c>, ...</param>
/// <param name="Current">Bytes done in the current phase, when the engine says.</param>
/// <param name="Total">Bytes of the current phase, when the engine says.</param>
/// <param name="Fraction">How far the layer is overall, 0 to 1.</param>
public sealed record LayerProgress(string Id, string Status, long? Current, long? Total, double Fraction);
