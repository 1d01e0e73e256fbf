namespace Portal.Engine.Registries;

/// <summary>One step of an image's history from its config blob: the instruction (or, without one, the comment) and the layer it made.</summary>
/// <param name="Size">Compressed size of the layer the step made, or null for a step without a layer.</param>
public sealed record LayerHistoryEntry(DateTimeOffset? Created, string CreatedBy, bool EmptyLayer, long? Size);
