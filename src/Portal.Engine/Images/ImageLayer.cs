namespace Portal.Engine.Images;

/// <summary>One entry of an image's history, as <c>docker history</c> lists it (newest first).</summary>
/// <param name="Id">The layer's image id, or <c>&lt;missing&gt;</c> for layers built elsewhere.</param>
/// <param name="CreatedBy">The instruction that made it (<c>RUN apt-get install ...</c>).</param>
/// <param name="Size">Bytes the layer adds; 0 for instructions that change only metadata.</param>
public sealed record ImageLayer(string Id, DateTimeOffset CreatedAt, string CreatedBy, long Size, string Comment, IReadOnlyList<string> Tags);
